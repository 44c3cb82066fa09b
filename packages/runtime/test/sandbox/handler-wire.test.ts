/**
 * The host's reading of a realm's answer (handler-wire.ts): the text is untrusted, so anything that
 * is not a well-formed outcome is refused as a whole (the call then fails), and what is well formed
 * is applied to the host's own state.
 */
import { describe, expect, it } from 'vitest';
import { HeaderList } from '@weft/platform';
import { applyOutcome, readOutcome } from '../../src/sandbox/handler-wire.ts';
import { callInput } from './context.ts';

const ok = (request: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ ok: true, request, warnings: [], ...extra });

describe('readOutcome / applyOutcome', () => {
  it('applies header text, in its plain and its JSON form, and leaves out parts as they were', () => {
    const input = { ...callInput('onClientResponse', { headers: new HeaderList([['x-a', '1']]) }), response: { status: 200, headers: new HeaderList([['x-r', '1']]) } };
    const plain = readOutcome(ok({ headers: 'x-a\n1\nx-b\n' }, { response: { status: 203 } }));
    expect(plain).toBeDefined();
    applyOutcome(plain!, input);
    expect(input.state.headers.toRaw()).toEqual(['x-a', '1', 'x-b', '']);
    expect(input.response.status).toBe(203);
    expect(input.response.headers.toRaw()).toEqual(['x-r', '1']);
    const json = readOutcome(ok({}, { response: { status: 203, headers: JSON.stringify(['x-line', 'one\ntwo']) } }));
    applyOutcome(json!, input);
    expect(input.response.headers.toRaw()).toEqual(['x-line', 'one\ntwo']);
    expect(input.state.headers.toRaw()).toEqual(['x-a', '1', 'x-b', '']);
  });

  it('refuses an answer that is not an outcome', () => {
    for (const answer of [
      'not json',
      '[]',
      ok({ headers: ['x-a', '1'] }),
      ok({ headers: '[1,2]' }),
      ok({ headers: '[not json' }),
      ok({ variables: [['a']] }),
      ok({ bodyUse: 'sideways' }),
      ok({}, { response: { status: 200, headers: 7 } }),
      JSON.stringify({ ok: 'yes', warnings: [] }),
    ]) {
      expect(readOutcome(answer), answer).toBeUndefined();
    }
  });
});
