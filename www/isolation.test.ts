import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, isolated } from './isolation';

describe('isolation headers', () => {
  it('adds all three to a response and keeps its status, headers and body', async () => {
    const original = new Response('{"a":1}', { status: 201, statusText: 'Created', headers: { 'Content-Type': 'application/json' } });
    const out = isolated(original);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(out.headers.get(name)).toBe(value);
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(out.headers.get('Content-Type')).toBe('application/json');
    expect([out.status, out.statusText]).toEqual([201, 'Created']);
    await expect(out.text()).resolves.toBe('{"a":1}');
  });

  it('returns a network error (status 0, as an opaque response has) untouched: it cannot be rebuilt', () => {
    const failed = Response.error();
    expect(failed.status).toBe(0);
    expect(isolated(failed)).toBe(failed);
  });
});
