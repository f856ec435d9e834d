// Parameter values several labs share, declared once so that `opt=adamW` or a
// long `text=` means the same in every lab's link.

/** Longest text a link can carry (characters, before compression). */
export const MAX_LINK_TEXT = 20_000;

/** Optimizers every training lab offers. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamW', 'rmsProp'] as const;
