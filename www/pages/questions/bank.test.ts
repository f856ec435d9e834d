// The questions bank: enough questions, both languages everywhere, and
// every step's link naming only parameters its lab has, with values it
// accepts (a bad one would open the lab with a notice and the defaults).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptsParams } from '../concepts/params';
import { gptParams } from '../gpt/params';
import { loraParams } from '../lora/params';
import { precisionParams } from '../precision/params';
import { representationsParams } from '../representations/params';
import { sequenceParams } from '../sequence/params';
import { textParams } from '../text/params';
import { transformerParams } from '../transformer/params';
import { visionParams } from '../vision/params';
import { parse, type ParamTable } from '../../state/params';
import { GROUPS, QUESTIONS } from './bank';
import { MEASURES, MEASURES_BY_LAB } from './measures';
import type { LabId, Text } from './types';

const TABLES: Record<LabId, ParamTable> = {
  concepts: conceptsParams,
  gpt: gptParams,
  lora: loraParams,
  precision: precisionParams,
  representations: representationsParams,
  sequence: sequenceParams,
  text: textParams,
  transformer: transformerParams,
  vision: visionParams,
};

const CJK = /[\u4e00-\u9fff]/;

function texts(): { where: string; text: Text }[] {
  return QUESTIONS.flatMap((q) => [
    { where: `${q.id} title`, text: q.title },
    { where: `${q.id} answer`, text: q.answer },
    ...q.steps.flatMap((s, i) => [
      { where: `${q.id} step ${i + 1}`, text: s.look },
      ...(s.predict ? [{ where: `${q.id} step ${i + 1} ask`, text: s.predict.ask }, ...s.predict.choices.map((c, k) => ({ where: `${q.id} step ${i + 1} choice ${k + 1}`, text: c }))] : []),
    ]),
  ]);
}

describe('the questions bank', () => {
  it('holds at least 40 questions, 30 of them with a run of two steps or more', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(40);
    const ids = QUESTIONS.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(QUESTIONS.filter((q) => !q.coming && q.steps.length >= 2).length).toBeGreaterThanOrEqual(30);
    for (const q of QUESTIONS) {
      expect(GROUPS, q.id).toContain(q.group);
      if (q.coming) expect(q.steps, q.id).toEqual([]);
      else expect(q.steps.length, q.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('says everything in English and in Chinese', () => {
    for (const { where, text } of texts()) {
      expect(text.en.trim().length, `${where} (en)`).toBeGreaterThan(0);
      expect(text.zh.trim().length, `${where} (zh)`).toBeGreaterThan(0);
      // A choice may be a term both languages write alike (MSE, ReLU).
      if (!where.includes('choice')) expect(CJK.test(text.zh), `${where} (zh) has Chinese`).toBe(true);
    }
  });

  it('links every step to its lab with parameters the lab has and accepts', () => {
    for (const q of QUESTIONS) {
      q.steps.forEach((step, i) => {
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(step.params)) search.set(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
        const { problems } = parse(TABLES[step.lab], search);
        expect(problems, `${q.id} step ${i + 1} (${step.lab}: ${search})`).toEqual([]);
      });
    }
  });

  it('fails on a parameter its lab does not have', () => {
    const { problems } = parse(TABLES.gpt, new URLSearchParams('noSuchKnob=1'));
    expect(problems).toEqual([{ kind: 'unknown', name: 'noSuchKnob' }]);
  });

  it('measures every prediction with readings and buttons its lab has', () => {
    const source = (lab: string) => {
      const dir = join(__dirname, '..', lab);
      return readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
    };
    const predicting = QUESTIONS.flatMap((q) => q.steps.flatMap((s, i) => (s.predict ? [{ key: `${q.id}:${i}`, step: s }] : [])));
    expect(Object.keys(MEASURES).sort()).toEqual(predicting.map((p) => p.key).sort());
    for (const { key, step } of predicting) {
      expect(Object.keys(MEASURES_BY_LAB[step.lab] ?? {}), `${key} is measured in its lab's file`).toContain(key);
      const measure = MEASURES[key];
      if (!measure || !step.predict) continue;
      const code = source(step.lab);
      expect(measure.readings.length, key).toBeGreaterThan(0);
      for (const name of [...measure.readings, ...(measure.before?.readings ?? [])]) {
        expect(name.startsWith(`${step.lab}.`), `${key}: ${name} is its lab's`).toBe(true);
        expect(code.includes(`'${name}'`), `${key}: the ${step.lab} lab publishes ${name}`).toBe(true);
      }
      for (const id of [measure.press, measure.stop, measure.before?.press, measure.before?.stop].filter((x): x is string => !!x)) {
        expect(code.includes(`'${id}'`), `${key}: the ${step.lab} lab has a button ${id}`).toBe(true);
      }
      // Every choice index a pick returns must exist; try the values the
      // readings can take at their extremes.
      for (const value of [0, 1e-12, 1, 1e12, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        const choice = measure.pick(value);
        expect(Number.isInteger(choice) && choice >= 0 && choice < step.predict.choices.length, `${key}: pick(${value}) = ${choice}`).toBe(true);
      }
    }
  });
});
