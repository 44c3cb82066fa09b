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

  // The compact form (platform realm/wire.ts): most calls change at most header lists and the status.
  it('reads the compact form: changed and unchanged header lists, the response status', () => {
    const input = { ...callInput('onClientResponse', { headers: new HeaderList([['x-a', '1']]) }), response: { status: 200, headers: new HeaderList([['x-r', '1']]) } };
    const read = readOutcome('\u0000-\u0000203\u0000+x-r\n2\nx-new\n');
    expect(read).toMatchObject({ ok: true, warnings: [], request: { headers: undefined }, response: { status: 203, headers: 'x-r\n2\nx-new\n' } });
    applyOutcome(read!, input);
    expect(input.state.headers.toRaw()).toEqual(['x-a', '1']);
    expect(input.response.status).toBe(203);
    expect(input.response.headers.toRaw()).toEqual(['x-r', '2', 'x-new', '']);
    const requestOnly = readOutcome('\u0000+["x-line","one\\ntwo"]\u0000\u0000-');
    expect(requestOnly?.response).toBeUndefined();
    applyOutcome(requestOnly!, input);
    expect(input.state.headers.toRaw()).toEqual(['x-line', 'one\ntwo']);
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
      '\u0000-\u0000200',
      '\u0000-\u0000200\u0000-\u0000-',
      '\u0000x-a\n1\u0000\u0000-',
      '\u0000-\u000020\u0000-',
      '\u0000-\u0000\u0000+x-r\n1',
      '\u0000+[1]\u0000\u0000-',
      '\u0000-\u0000099\u0000-',
      '\u0000-\u00002a0\u0000-',
      '\u0000-\u00002000\u0000-',
      '\u0000\u0000\u0000-',
      '\u0000-x\u0000\u0000-',
      '\u0000-\u0000\u0000',
    ]) {
      expect(readOutcome(answer), answer).toBeUndefined();
    }
  });
});
