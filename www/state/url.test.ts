import { describe, expect, it } from 'vitest';
import { defaults, p, parse, serialize } from './params';
import { checkParams } from '../pages/check/params';
import { appParams } from './routes';
import { readLink, writeLink } from './url';

const table = {
  act: p.enum(['relu', 'tanh', 'sigmoid'], 'relu'),
  depth: p.int(2, 50, 4),
  lr: p.float(1e-5, 10, 0.03),
  residual: p.bool(false),
} as const;

describe('params', () => {
  it('round-trips every kind of value', () => {
    const state = { act: 'tanh', depth: 17, lr: 0.001, residual: true } as const;
    const search = new URLSearchParams();
    serialize(table, { ...state }, search);
    expect(search.toString()).toBe('act=tanh&depth=17&lr=0.001&residual=1');
    const back = parse(table, search);
    expect(back.state).toEqual(state);
    expect(back.problems).toEqual([]);
  });

  it('leaves defaults out of the link', () => {
    const search = new URLSearchParams();
    serialize(table, defaults(table), search);
    expect(search.toString()).toBe('');
  });

  it('falls back to the default for each kind of bad value, and says so', () => {
    const bad = new URLSearchParams('act=swish&depth=999&lr=NaN&residual=maybe');
    const { state, problems } = parse(table, bad);
    expect(state).toEqual(defaults(table));
    expect(problems.map((x) => x.name)).toEqual(['act', 'depth', 'lr', 'residual']);
    expect(problems[0]).toEqual({ kind: 'bad', name: 'act', value: 'swish', fallback: 'relu' });
  });

  it('rejects numbers that only look like numbers', () => {
    for (const raw of ['3.5', '1e3', ' 4', '0x10', '', '4abc', '-0']) {
      const parsed = parse({ depth: p.int(0, 1000, 4) }, new URLSearchParams({ depth: raw }));
      if (raw === '-0') expect(parsed.state.depth).toBe(-0);
      else expect(parsed.problems, raw).toHaveLength(1);
    }
    for (const raw of ['Infinity', '-Infinity', '1e999', 'abc', '']) {
      const parsed = parse({ lr: p.float(0, 1e9, 1) }, new URLSearchParams({ lr: raw }));
      expect(parsed.problems, raw).toHaveLength(1);
    }
  });

  it('reports unknown names but not names other tables own', () => {
    const { problems } = parse(table, new URLSearchParams('zzz=1&page=engine'), new Set(['page']));
    expect(problems).toEqual([{ kind: 'unknown', name: 'zzz' }]);
  });
});

describe('links', () => {
  it('round-trip the app and page state', () => {
    const app = { ...defaults(appParams), page: 'check' as const, backend: 'cpu' as const, lang: 'zh' as const };
    const query = writeLink(app, { n: '1024' }, true);
    expect(query).toBe('?v=1&page=check&lang=zh&backend=cpu&n=1024');
    const back = readLink(query);
    expect(back.app).toEqual(app);
    expect(back.page).toEqual({ n: '1024' });
    expect(back.problems).toEqual([]);
    expect(back.langInLink).toBe(true);
  });

  it('always carry the version', () => {
    expect(new URLSearchParams(writeLink(defaults(appParams), {}, false)).get('v')).toBe('1');
  });

  it('fall back to defaults with problems for a hand-edited link', () => {
    const link = readLink('?v=9&page=nowhere&lang=xx&backend=quantum&n=7&%00=%FF');
    expect(link.app).toEqual(defaults(appParams));
    expect(link.page).toEqual({});
    const names = link.problems.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['v', 'page', 'lang', 'backend', 'n']));
  });

  it('read a page parameter only on its page', () => {
    const link = readLink('?page=engine&n=9999');
    expect(link.page).toEqual(defaults(checkParams));
    expect(link.problems).toEqual([{ kind: 'bad', name: 'n', value: '9999', fallback: '512' }]);
  });

  it('open the device check from its old name, and write the new one', () => {
    const link = readLink('?v=1&page=engine&lang=en&n=1024');
    expect(link.app.page).toBe('check');
    expect(link.page).toEqual({ n: '1024' });
    expect(link.problems).toEqual([]);
    expect(writeLink(link.app, link.page, link.langInLink)).toBe('?v=1&page=check&lang=en&n=1024');
  });

  it('treat names of Object.prototype as unknown pages, not aliases', () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const link = readLink(`?page=${name}`);
      expect(link.app.page, name).toBe('home');
      expect(link.problems, name).toEqual([{ kind: 'bad', name: 'page', value: name, fallback: 'home' }]);
    }
  });

  it('survive an empty or garbage query', () => {
    for (const q of ['', '?', '?&&&', '?=', '?page', '?%E0%A4%A']) {
      expect(() => readLink(q), q).not.toThrow();
    }
  });
});

describe('text and list parameters', () => {
  const t = { text: p.text(50_000, ''), tok: p.list(['a', 'b', 'c'], ['a', 'b']) } as const;

  it('round-trip short text as is and long text compressed', () => {
    for (const text of ['你好, world', '🔥'.repeat(500) + '\u200d\u0301', 'a&b=c#d%']) {
      const search = new URLSearchParams();
      serialize(t, { text, tok: ['c', 'a'] }, search);
      const raw = search.get('text') ?? '';
      expect(raw.startsWith('~')).toBe(text.length > 120);
      const back = parse(t, new URLSearchParams(search.toString()));
      expect(back.state.text).toBe(text);
      expect(back.state.tok).toEqual(['c', 'a']);
      expect(back.problems).toEqual([]);
    }
  });

  it('fall back for corrupted compressed text and unknown list names', () => {
    const back = parse(t, new URLSearchParams('text=~%%%garbage&tok=a,zzz'));
    expect(back.state).toEqual(defaults(t));
    expect(back.problems.map((x) => x.name)).toEqual(['text', 'tok']);
  });

  it('accept an empty list and drop duplicates', () => {
    expect(parse(t, new URLSearchParams('tok=')).state.tok).toEqual([]);
    expect(parse(t, new URLSearchParams('tok=b,b,a')).state.tok).toEqual(['b', 'a']);
  });

  it('refuse text over its limit', () => {
    const short = { text: p.text(10, '') };
    expect(parse(short, new URLSearchParams({ text: 'x'.repeat(11) })).problems).toHaveLength(1);
  });
});

describe('compressed text integrity', () => {
  it('rejects a compressed text that lost its tail', () => {
    const t = { text: p.text(50_000, '') } as const;
    const search = new URLSearchParams();
    serialize(t, { text: 'long text '.repeat(40) }, search);
    const raw = search.get('text')!;
    const cut = parse(t, new URLSearchParams({ text: raw.slice(0, raw.length - 5) }));
    expect(cut.problems).toHaveLength(1);
    expect(cut.state.text).toBe('');
  });
});
