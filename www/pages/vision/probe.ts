// The Vision lab's representative step, for timing it on each backend: one
// training step of the default CNN on a batch of digits.
import type { LabProbe } from '../../engine/probe';
import { defaults } from '../../state/params';
import { netConfig, trainConfig } from './index';
import { visionParams } from './params';

export const visionProbe: LabProbe = {
  prepare: async (client) => {
    const state = defaults(visionParams);
    await client.request({ type: 'visionSetup', net: netConfig(state), train: trainConfig(state) }).done;
  },
  step: async (client) => {
    await client.request({ type: 'visionTrain', steps: 1, budgetMs: 10_000, evaluate: false }).done;
  },
};
