// The Transformer lab's representative step, for timing it on each backend:
// MiniLM's forward pass over the English sample, with every layer's
// attention and hidden states read back, as the lab shows them.
import type { LabProbe } from '../../engine/probe';
import { TEXTS } from './samples';

const inspect: LabProbe['step'] = async (client) => {
  await client.request({ type: 'inspect', text: TEXTS.en }).done;
};

/** The first pass also loads the model; it is the warm-up. */
export const transformerProbe: LabProbe = { prepare: inspect, step: inspect };
