// Typed URL parameters, after TensorFlow Playground's state.ts minus its flaws.
//
// Each page declares one table of parameter descriptors (name, kind, default,
// allowed values or range). `parse` and `serialize` are loops over that table:
// parse is pure and never throws; a missing value takes the default silently,
// a bad one takes the default and yields a Problem the page shows as a notice.
// Defaults are left out of links so that links stay short and survive changes
// of defaults.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

export type EnumParam<V extends string = string> = {
  readonly kind: 'enum';
  readonly values: readonly V[];
  readonly default: V;
};
export type IntParam = {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
  readonly default: number;
};
export type FloatParam = {
  readonly kind: 'float';
  readonly min: number;
  readonly max: number;
  readonly default: number;
};
export type BoolParam = { readonly kind: 'bool'; readonly default: boolean };
/** Free text; long text is compressed in the link (lz-string, `~` prefix). */
export type TextParam = { readonly kind: 'text'; readonly maxLength: number; readonly default: string };
/** An ordered subset of allowed names, comma-separated (`tok=wordpiece,o200kBase`). */
export type ListParam<V extends string = string> = {
  readonly kind: 'list';
  readonly values: readonly V[];
  readonly default: readonly V[];
};

export type Param = EnumParam | IntParam | FloatParam | BoolParam | TextParam | ListParam;
export type ParamTable = Readonly<Record<string, Param>>;

/** The value type a descriptor describes. */
export type ValueOf<P extends Param> = P extends EnumParam<infer V>
  ? V
  : P extends IntParam | FloatParam
    ? number
    : P extends BoolParam
      ? boolean
      : P extends TextParam
        ? string
        : P extends ListParam<infer V>
          ? readonly V[]
          : never;

export type ParamValue = string | number | boolean | readonly string[];
type Value = ParamValue;

/** The state a table describes: one typed value per parameter. */
export type StateOf<T extends ParamTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Something in a link that could not be used as it was. */
export type Problem =
  | { readonly kind: 'bad'; readonly name: string; readonly value: string; readonly fallback: string }
  | { readonly kind: 'unknown'; readonly name: string };

export type Parsed<T extends ParamTable> = {
  readonly state: StateOf<T>;
  readonly problems: readonly Problem[];
  /** Names that were present in the link (valid or not). */
  readonly present: ReadonlySet<string>;
};

/** Helpers that keep literal types when declaring tables. */
export const p = {
  enum: <const V extends string>(values: readonly V[], fallback: V): EnumParam<V> => ({
    kind: 'enum',
    values,
    default: fallback,
  }),
  int: (min: number, max: number, fallback: number): IntParam => ({ kind: 'int', min, max, default: fallback }),
  float: (min: number, max: number, fallback: number): FloatParam => ({
    kind: 'float',
    min,
    max,
    default: fallback,
  }),
  bool: (fallback: boolean): BoolParam => ({ kind: 'bool', default: fallback }),
  text: (maxLength: number, fallback: string): TextParam => ({ kind: 'text', maxLength, default: fallback }),
  list: <const V extends string>(values: readonly V[], fallback: readonly V[]): ListParam<V> => ({
    kind: 'list',
    values,
    default: fallback,
  }),
};

/** Text longer than this is compressed in links. */
const COMPRESS_OVER = 120;

function parseValue(param: Param, raw: string): { ok: true; value: Value } | { ok: false } {
  switch (param.kind) {
    case 'enum':
      return param.values.includes(raw) ? { ok: true, value: raw } : { ok: false };
    case 'int': {
      if (!/^-?\d+$/.test(raw)) return { ok: false };
      const n = Number(raw);
      return Number.isSafeInteger(n) && n >= param.min && n <= param.max ? { ok: true, value: n } : { ok: false };
    }
    case 'float': {
      if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(raw)) return { ok: false };
      const n = Number(raw);
      return Number.isFinite(n) && n >= param.min && n <= param.max ? { ok: true, value: n } : { ok: false };
    }
    case 'bool':
      return raw === '1' || raw === 'true'
        ? { ok: true, value: true }
        : raw === '0' || raw === 'false'
          ? { ok: true, value: false }
          : { ok: false };
    case 'text': {
      if (!raw.startsWith('~')) return raw.length > param.maxLength ? { ok: false } : { ok: true, value: raw };
      // lz-string is deterministic: text that does not compress back to the
      // same characters was corrupted (truncated, hand-edited) on the way.
      const packed = raw.slice(1);
      const text = decompressFromEncodedURIComponent(packed);
      const intact = typeof text === 'string' && compressToEncodedURIComponent(text) === packed;
      return intact && text.length <= param.maxLength ? { ok: true, value: text } : { ok: false };
    }
    case 'list': {
      const names = raw === '' ? [] : raw.split(',');
      if (!names.every((n) => param.values.includes(n))) return { ok: false };
      return { ok: true, value: [...new Set(names)] };
    }
  }
}

function formatValue(param: Param, value: Value): string {
  if (param.kind === 'bool') return value ? '1' : '0';
  if (param.kind === 'list') return (value as readonly string[]).join(',');
  if (param.kind === 'text') {
    const text = value as string;
    return text.length > COMPRESS_OVER || text.startsWith('~') ? `~${compressToEncodedURIComponent(text)}` : text;
  }
  return String(value);
}

function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The table's defaults. */
export function defaults<T extends ParamTable>(table: T): StateOf<T> {
  const state: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(table)) state[name] = param.default;
  return state as StateOf<T>;
}

/**
 * Read `table` out of `search`. Names in `known` belong to other tables that
 * read the same link and are not reported as unknown.
 */
export function parse<T extends ParamTable>(
  table: T,
  search: URLSearchParams,
  known: ReadonlySet<string> = new Set(),
): Parsed<T> {
  const state: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const present = new Set<string>();
  for (const [name, param] of Object.entries(table)) {
    const raw = search.get(name);
    if (raw === null) {
      state[name] = param.default;
      continue;
    }
    present.add(name);
    const parsed = parseValue(param, raw);
    if (parsed.ok) {
      state[name] = parsed.value;
    } else {
      state[name] = param.default;
      const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
      problems.push({ kind: 'bad', name, value: shown, fallback: formatValue(param, param.default) || '—' });
    }
  }
  for (const name of new Set(search.keys())) {
    if (!(name in table) && !known.has(name)) problems.push({ kind: 'unknown', name });
  }
  return { state: state as StateOf<T>, problems, present };
}

/** Write `state` into `search`, leaving out values equal to their defaults. */
export function serialize<T extends ParamTable>(table: T, state: StateOf<T>, search: URLSearchParams): void {
  for (const [name, param] of Object.entries(table)) {
    const value = (state as Record<string, Value>)[name];
    if (value === undefined || same(value, param.default)) search.delete(name);
    else search.set(name, formatValue(param, value));
  }
}
