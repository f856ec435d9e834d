// The attention views: what any lab with a Transformer shows of its model's
// inspection. The Transformer lab (BERT) and a GPT lab both draw them; a page
// turns its engine's `Inspection` into a `Run` and hands each view the run.
//
//   const run = toRun(inspection, { causal: true });   // causal: GPT's mask
//   layerHeadPickers(run, { layer, head }, setState)   // as many as the model has
//   attentionGrid(onPick).show(run, layer, head)       // every head, thumbnails
//   attentionDetail({ onDraw }).show(run, layer, head, draw)
//   attentionStats().show(run)
//   arithmeticView({ fetchHead, text, setState }).show(run, state)
//   embeddingsView({ setState, vectorsIntro, nearest? }).show(run, state)
//
// The rule that keeps them shared (www/views/ as a whole): a view imports
// i18n, ui/, engine/'s types and its pure helpers (floats, latest) and its
// own folder; never a page, labs.ts, state/ or the engine client. What needs
// the engine (one head's q, k and v; the nearest vocabulary tokens) is a
// function the page passes in, and what only the page's model knows (what
// its input embedding is made of) is text the page passes in. Their own text
// is in the app's tables under `attention.*` (www/i18n/en.ts and zh.ts), as
// no lab owns it. views.test.ts checks both rules.
export { arithmeticView, attend, type ArithmeticState, type FetchHead } from './arithmetic';
export { attentionDetail, type Draw } from './attention-detail';
export { attentionGrid } from './attention-grid';
export { attentionStats } from './attention-stats';
export { headMatrix, isMasked, label, shares, toRun, type Run, type RunOptions } from './data';
export { embeddingsView, type EmbeddingsState, type NearestSearch } from './embeddings';
export { drawMask } from './mask';
export { layerHeadPickers, type LayerHead } from './pickers';
