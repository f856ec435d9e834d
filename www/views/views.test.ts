// The rules that keep www/views/ shareable between labs (see the header of
// www/views/attention/index.ts): a view imports only i18n, ui/, engine/'s
// types and pure helpers, and views/ itself, never a page, labs.ts, state/
// or the engine client; and the text it looks up is the app's shared text
// (`attention.*`, `app.*`), never a lab's.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_MESSAGES } from '../i18n';

const WWW = join(__dirname, '..');
/** Modules (files without `.ts`, or folders) a view may import. */
const ALLOWED = ['i18n', 'ui', 'views', 'engine/floats', 'engine/latest', 'engine/protocol'];
const SHARED_PREFIXES = ['attention', 'app'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = tsFiles(__dirname).map((path) => ({ path, name: relative(WWW, path), source: readFileSync(path, 'utf8') }));

/** Every module a source imports or re-exports from. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
}

/** Every message key written in a source, as its prefix (`attention` of `'attention.mean'`). */
export function keyPrefixes(source: string): string[] {
  return [...source.matchAll(/['`]([a-z][a-zA-Z]*)\.[a-zA-Z][\w.]*(?:['`]|\$\{)/g)].map((m) => m[1] ?? '');
}

describe('www/views', () => {
  it('has views to check', () => {
    expect(files.map((f) => f.name)).toContain('views/attention/arithmetic.ts');
  });

  it('import only i18n, ui/, engine types and helpers, and views/', () => {
    const wrong: string[] = [];
    for (const { path, name, source } of files) {
      for (const spec of importsOf(source)) {
        if (!spec.startsWith('.')) {
          const test = name.endsWith('.test.ts') && (spec === 'vitest' || spec.startsWith('node:'));
          if (!test) wrong.push(`${name} imports ${spec}`);
          continue;
        }
        const target = relative(WWW, resolve(dirname(path), spec));
        if (!ALLOWED.some((ok) => target === ok || target.startsWith(`${ok}/`))) wrong.push(`${name} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('look up only the app’s shared text, and find it there', () => {
    const wrong: string[] = [];
    for (const { name, source } of files) {
      if (name.endsWith('.test.ts')) continue;
      for (const prefix of keyPrefixes(source)) if (!SHARED_PREFIXES.includes(prefix)) wrong.push(`${name} uses a ${prefix}.* key`);
    }
    expect(wrong).toEqual([]);
    const keys = files.flatMap(({ source }) => [...source.matchAll(/'((?:attention|app)\.[\w.]+)'/g)].map((m) => m[1] ?? ''));
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((key) => !Object.hasOwn(APP_MESSAGES.en, key))).toEqual([]);
  });

  it('reader: finds imports, re-exports and key prefixes', () => {
    expect(importsOf("import { t } from '../../i18n';\nexport {\n  a,\n} from './data';\nimport type { X } from '../../pages/x/y';")).toEqual([
      '../../i18n',
      './data',
      '../../pages/x/y',
    ]);
    expect(keyPrefixes("t('attention.mean'); t(`transformer.draw.${d}`); h('p', { class: 'x.y' }, './data')")).toEqual(['attention', 'transformer', 'x']);
  });
});
