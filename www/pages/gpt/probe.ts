// The GPT lab's representative step, for timing it on each backend: one
// training step of the default decoder on the Tang poems.
import type { LabProbe } from '../../engine/probe';
import { defaults } from '../../state/params';
import { gptParams } from './params';
import { gptSettings } from './settings';

export const gptProbe: LabProbe = {
  prepare: async (client) => {
    const settings = gptSettings(defaults(gptParams));
    await client.request({ type: 'gptSetup', source: { kind: 'tang' }, settings, race: false }).done;
  },
  step: async (client) => {
    await client.request({ type: 'gptTrain', steps: 1, budgetMs: 10_000, evaluate: false, race: false }).done;
  },
};
