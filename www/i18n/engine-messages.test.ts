// Every message the engine can send has its text in both languages: the
// codes are read from the Rust sources (`message!("code", "text", name = …)`
// and `Message::new("code", …).with("name", …)`) and from the worker, so a
// refusal added in Rust without its English and Chinese text fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS } from '../labs';
import { APP_MESSAGES, mergeMessages } from './index';

const ROOT = join(__dirname, '..', '..');

function rustFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return path.endsWith('.rs') ? [path] : [];
  });
}

/** The text from `open` (an index just past a `(`) to its matching `)`. */
function call(source: string, open: number): string {
  let depth = 1;
  let at = open;
  while (depth > 0 && at < source.length) {
    const c = source[at++];
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return source.slice(open, at - 1);
}

type Found = { code: string; params: Set<string>; where: string };

/** Every code a source file sends, with the values it names. */
export function messagesIn(source: string, where: string): Found[] {
  const found: Found[] = [];
  for (const m of source.matchAll(/message!\(\s*"([\w.]+)",\s*"((?:[^"\\]|\\.)*)"/g)) {
    const args = call(source, (m.index ?? 0) + 'message!('.length).slice(m[0].length - 'message!('.length);
    const params = new Set([...args.matchAll(/,\s*(\w+)\s*=(?!=)/g)].map((p) => p[1] ?? ''));
    found.push({ code: m[1] ?? '', params, where });
  }
  for (const m of source.matchAll(/Message::new\(\s*"([\w.]+)"/g)) {
    const rest = source.slice(m.index ?? 0);
    const chain = rest.slice(0, rest.indexOf(';'));
    const params = new Set([...chain.matchAll(/\.with\(\s*"(\w+)"/g)].map((p) => p[1] ?? ''));
    found.push({ code: m[1] ?? '', params, where });
  }
  // Codes sent as values (a knob's name inside a message).
  for (const m of source.matchAll(/"(\w+\.msg\.knob\.\w+)"/g)) {
    found.push({ code: m[1] ?? '', params: new Set(), where });
  }
  return found;
}

const sent: Found[] = [
  ...rustFiles(join(ROOT, 'src')).flatMap((file) => messagesIn(readFileSync(file, 'utf8'), file)),
  { code: 'engine.failed', params: new Set(['message']), where: 'src/wire.rs (Message::FAILED)' },
  ...[...readFileSync(join(ROOT, 'www/engine/engine.worker.ts'), 'utf8').matchAll(/'(engine\.\w+)'/g)].map((m) => ({
    code: m[1] ?? '',
    params: new Set(['reason']),
    where: 'www/engine/engine.worker.ts',
  })),
];
const tables = mergeMessages([APP_MESSAGES, ...LABS.map((lab) => lab.messages)]);
const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

describe('the engine messages', () => {
  it('are found in the sources', () => {
    expect(sent.length).toBeGreaterThan(50);
    expect(sent.map((m) => m.code)).toContain('vision.msg.mapTooSmall');
  });

  it('each have text in English and Chinese naming only the values sent', () => {
    const wrong: string[] = [];
    for (const { code, params, where } of sent) {
      for (const lang of ['en', 'zh'] as const) {
        const text = tables[lang][code];
        if (text === undefined) {
          wrong.push(`${code} (${where}) has no ${lang} text`);
          continue;
        }
        const unknown = holes(text).filter((h) => !params.has(h));
        if (unknown.length) wrong.push(`${code} (${lang}) names {${unknown.join('}, {')}} that ${where} does not send`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('start with the page id of a lab, or engine', () => {
    const prefixes = ['engine', ...LABS.map((lab) => lab.id)];
    expect(sent.filter((m) => !prefixes.includes(m.code.split('.')[0] ?? ''))).toEqual([]);
  });
});

describe('the reader', () => {
  it('finds a code, its values, and a code sent as a value', () => {
    const found = messagesIn(
      'Err(message!("vision.msg.x", "block {block} of {n}", block = b, n = f(a, b)));\n' +
        'Message::new("sequence.msg.range", text).with("knob", "sequence.msg.knob.hidden").with("lo", 1);',
      'test',
    );
    expect(found.map((f) => [f.code, [...f.params].sort()])).toEqual([
      ['vision.msg.x', ['block', 'n']],
      ['sequence.msg.range', ['knob', 'lo']],
      ['sequence.msg.knob.hidden', []],
    ]);
  });
});
