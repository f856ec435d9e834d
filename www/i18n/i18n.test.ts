import { describe, expect, it } from 'vitest';
import { LABS } from '../labs';
import { APP_MESSAGES, LANGS, detectLang, mergeMessages, setLang, t, useLabMessages, type LabMessages } from './index';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The checks every table pair must pass, whether the app's, a lab's or all merged. */
function checkPair(name: string, tables: LabMessages) {
  describe(name, () => {
    const enKeys = Object.keys(tables.en).sort();
    const zhKeys = Object.keys(tables.zh).sort();

    it('have exactly the same keys', () => {
      expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
      expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    });

    it('have no empty text', () => {
      for (const lang of LANGS) {
        for (const [key, text] of Object.entries(tables[lang])) expect(text.trim(), key).not.toBe('');
      }
    });

    it('use the same placeholders in both languages', () => {
      for (const key of enKeys) expect(holes(tables.zh[key] ?? ''), key).toEqual(holes(tables.en[key] ?? ''));
    });
  });
}

describe('i18n tables', () => {
  checkPair('the app tables', APP_MESSAGES);
  for (const lab of LABS) {
    checkPair(`the ${lab.id} lab's tables`, lab.messages);
    it(`keep the ${lab.id} lab's keys under its page id`, () => {
      const stray = Object.keys(lab.messages.en).filter((key) => !key.startsWith(`${lab.id}.`));
      expect(stray).toEqual([]);
    });
  }
  checkPair('the merged tables', mergeMessages([APP_MESSAGES, ...LABS.map((lab) => lab.messages)]));

  it('refuse a key defined twice', () => {
    const twice = { en: { 'app.name': 'x' }, zh: { 'app.name': 'x' } };
    expect(() => mergeMessages([APP_MESSAGES, twice])).toThrow(/app\.name/);
  });

  it('fill placeholders and switch language', () => {
    useLabMessages(LABS);
    setLang('en');
    expect(t('check.initTime', { ms: 12 })).toBe('Engine ready in 12 ms');
    setLang('zh');
    expect(t('check.initTime', { ms: 12 })).toBe('引擎就绪用时 12 毫秒');
    setLang('en');
  });

  it('detect Chinese and English from navigator.languages', () => {
    expect(detectLang(['zh-CN', 'en'])).toBe('zh');
    expect(detectLang(['zh-TW'])).toBe('zh');
    expect(detectLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });
});
