// The Sequence lab's representative step, for timing it on each backend:
// one training step of the default recurrent network on the Tang poems.
import type { LabProbe } from '../../engine/probe';
import { defaults } from '../../state/params';
import { sequenceConfig } from './index';
import { sequenceParams } from './params';

export const sequenceProbe: LabProbe = {
  prepare: async (client) => {
    const config = sequenceConfig(defaults(sequenceParams));
    await client.request({ type: 'sequenceSetup', source: { kind: 'tang' }, config, compare: false }).done;
  },
  step: async (client) => {
    await client.request({ type: 'sequenceTrain', steps: 1, budgetMs: 10_000, evaluate: false }).done;
  },
};
