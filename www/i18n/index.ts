// The UI's two languages and the lookup every component uses. Text is only
// ever inserted with textContent, never as HTML.
//
// The app's own text (the shell, notices, words several labs share) is in
// en.ts / zh.ts here; each lab's is in www/pages/<lab>/messages.ts. The lab
// table (www/labs.ts) imports the pages, which import this module, so this
// module cannot import the table back: main.ts hands the labs' messages over
// once, with `useLabMessages(LABS)`, before anything is drawn. Keys stay
// type-checked all the same: `MessageKey` is every key of every table.
import type { Message } from '../engine/protocol';
import type { LabMessageKey } from '../labs';
import { en } from './en';
import type { LabMessages } from './messages';
import { zh } from './zh';

export type { LabMessages, Messages } from './messages';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

export type AppMessageKey = keyof typeof en;
export type MessageKey = AppMessageKey | LabMessageKey;

/** The names `N` for which `${Prefix}${N}` is a key: `KeySuffix<'concepts.topic.'>`. */
export type KeySuffix<Prefix extends string, K extends string = MessageKey> = K extends `${Prefix}${infer N}` ? N : never;

/** The app's own tables. */
export const APP_MESSAGES: LabMessages<AppMessageKey> = { en, zh };

/**
 * One table per language from several: the app's and each lab's. A key that
 * two tables define is a mistake (one would silently win), so it throws.
 */
export function mergeMessages(parts: readonly LabMessages[]): Record<Lang, Readonly<Record<string, string>>> {
  const merged: Record<Lang, Record<string, string>> = { en: {}, zh: {} };
  for (const part of parts) {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(part[lang])) {
        if (Object.hasOwn(merged[lang], key)) throw new Error(`message key ${key} is defined twice`);
        merged[lang][key] = text;
      }
    }
  }
  return merged;
}

let tables = mergeMessages([APP_MESSAGES]);
let current: Lang = 'en';

/** Add the labs' text to the app's (main.ts, once, with the lab table). */
export function useLabMessages(labs: readonly { messages: LabMessages }[]): void {
  tables = mergeMessages([APP_MESSAGES, ...labs.map((lab) => lab.messages)]);
}

/** Whether `key` has text: for names that arrive as data (from the engine). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(tables.en, key);
}

/** A page's name as the header links it (`<id>.nav`), or its id where it has none. */
export function pageName(id: string): string {
  const key = `${id}.nav`;
  return isMessageKey(key) ? t(key) : id;
}

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** The language a first-time visitor most likely reads. */
export function detectLang(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * A message from the engine in the current language: its code's text with
 * its values (a value that is itself a key, such as a knob's name, is said
 * in the current language too), or the engine's English where the page has
 * no text for the code.
 */
export function say(message: Pick<Message, 'code' | 'params' | 'text'>): string {
  if (!isMessageKey(message.code)) return message.text;
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params)) {
    if (value === undefined) continue;
    vars[name] = typeof value === 'string' && isMessageKey(value) ? t(value) : value;
  }
  return t(message.code, vars);
}

/** Look up `key` in the current language and fill `{name}` placeholders. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  // A key is missing only if the labs' text was never handed over; show the
  // key rather than nothing.
  const text = tables[current][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
