import { describe, expectTypeOf, it } from 'vitest';
import type { EngineClient } from './client';
import type { Ask, DiagnosticsReport, HeadDetail, Inspection, ReplyFor, TokenRow } from './protocol';

// Type-level checks (tsc reads them; at run time they do nothing): a
// request's reply type follows from its `type`, so pages need no narrowing.
describe('typed replies', () => {
  it('follow from the request type', () => {
    expectTypeOf<ReplyFor<'diagnose'>['value']>().toEqualTypeOf<DiagnosticsReport>();
    expectTypeOf<ReplyFor<'inspect'>['value']>().toEqualTypeOf<Inspection>();
    expectTypeOf<ReplyFor<'tokenize'>['value']>().toEqualTypeOf<TokenRow[]>();
    expectTypeOf<ReplyFor<'crash'>>().toEqualTypeOf<{ kind: 'done' }>();
  });

  it('come out of client.request', () => {
    const ask = (client: EngineClient) => client.request({ type: 'head', text: 'x', layer: 0, head: 0 }).done;
    expectTypeOf<Awaited<ReturnType<typeof ask>>['value']>().toEqualTypeOf<HeadDetail>();
  });

  it('are not offered for init, which the client sends itself', () => {
    expectTypeOf<Extract<Ask, { type: 'init' }>>().toBeNever();
  });
});
