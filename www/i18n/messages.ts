// The shape of a message table. A lab's `messages.ts` declares its English
// table `as const` and its Chinese one as `Messages<typeof en>`, so the type
// checker rejects a Chinese table with a key missing or extra.

/** A table with exactly the keys of `T`, each a string. */
export type Messages<T> = { readonly [K in keyof T]: string };

/** One table per language, as a lab's `messages.ts` exports them. */
export type LabMessages<K extends string = string> = {
  readonly en: Readonly<Record<K, string>>;
  readonly zh: Readonly<Record<K, string>>;
};
