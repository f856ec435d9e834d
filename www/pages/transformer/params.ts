// The Transformer lab's link parameters: the text, the view, and what each
// view looks at.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT } from '../../state/common';

/** Views of the Transformer lab. */
export const TRANSFORMER_VIEWS = ['attention', 'head', 'embeddings', 'similarity'] as const;
export type TransformerView = (typeof TRANSFORMER_VIEWS)[number];

/**
 * The Transformer lab. Layers and heads count from 1 as the page shows them;
 * `head=0` is the mean over a layer's heads. `hs` is the hidden state the
 * embeddings view shows (0 = the embeddings' output, 6 = the last layer's).
 */
export const transformerParams = {
  text: p.text(MAX_LINK_TEXT, ''),
  sample: p.enum(['en', 'zh'], 'en'),
  view: p.enum(TRANSFORMER_VIEWS, 'attention'),
  draw: p.enum(['heatmap', 'lines'], 'heatmap'),
  layer: p.int(1, 6, 3),
  head: p.int(0, 12, 1),
  query: p.int(0, 511, 1),
  temp: p.float(0.05, 20, 1),
  scale: p.bool(true),
  hs: p.int(0, 6, 0),
  sentences: p.text(MAX_LINK_TEXT, ''),
  set: p.enum(['en', 'zh'], 'en'),
} as const;
export type TransformerState = StateOf<typeof transformerParams>;
