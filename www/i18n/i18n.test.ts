import { describe, expect, it } from 'vitest';
import { TABLES, detectLang, setLang, t } from './index';

describe('i18n tables', () => {
  const enKeys = Object.keys(TABLES.en).sort();
  const zhKeys = Object.keys(TABLES.zh).sort();

  it('have exactly the same keys', () => {
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('have no empty text', () => {
    for (const table of Object.values(TABLES)) {
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of enKeys) {
      const k = key as keyof typeof TABLES.en;
      expect(holes(TABLES.zh[k]), key).toEqual(holes(TABLES.en[k]));
    }
  });

  it('fills placeholders and switches language', () => {
    setLang('en');
    expect(t('engine.initTime', { ms: 12 })).toBe('Engine ready in 12 ms');
    setLang('zh');
    expect(t('engine.initTime', { ms: 12 })).toBe('引擎就绪用时 12 毫秒');
    setLang('en');
  });

  it('detects Chinese and English from navigator.languages', () => {
    expect(detectLang(['zh-CN', 'en'])).toBe('zh');
    expect(detectLang(['zh-TW'])).toBe('zh');
    expect(detectLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });
});
