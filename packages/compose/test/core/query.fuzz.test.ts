/**
 * Property-based test (issue 12, group 6): compose reads a request's query (`ctx.query`, rules on
 * query values) as URLSearchParams reads it (WHATWG URL §5.1), escapes that are not UTF-8 and
 * stray `%` included, so a rule sees the value a worker's own URLSearchParams would give it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/context.ts';

/**
 * Pieces a hostile or sloppy query is made of: escapes valid and not, UTF-8 and not, separators.
 * ASCII only: Node's URLSearchParams, the oracle here, reads raw non-ASCII beside escapes unlike
 * the standard (it gives U+FFFD for the € of `€%41`); those cases are checked by hand below.
 */
const PIECE = fc.constantFrom(
  'a', 'b', 'Z', '9', '=', '&', '+', '%', '%2', '%zz', '%41', '%20', '%2B', '%26', '%3D', '%C3', '%A9', '%c3%a9', '%E2%82', '%AC',
  '%F0%9F%98%80', '%ED%A0%80', '%C0%AF', '%FF', '%80', '%F4%90%80%80', '__proto__', 'constructor',
);

describe('parseQuery against URLSearchParams', () => {
  it('gives every name the first value URLSearchParams gives it, and no other names', () => {
    fc.assert(fc.property(fc.array(PIECE, { maxLength: 24 }), (pieces) => {
      const query = pieces.join('');
      const ours = parseQuery(query);
      const theirs = new URLSearchParams(query);
      const names = [...new Set([...theirs.keys()])];
      expect(Object.keys(ours).sort()).toEqual(names.sort());
      for (const name of names) expect(ours[name], `${name} in ${JSON.stringify(query)}`).toBe(theirs.get(name));
    }), { numRuns: 2000 });
  });

  it('decodes the cases a hand-written decoder gets wrong', () => {
    // A valid escape beside an invalid one, bytes that are not UTF-8, and a lone surrogate.
    expect(parseQuery('q=%41%zz&r=%C3%28&s=%E2%82&t=a+b%2Bc&u=\ud800')).toEqual({ q: 'A%zz', r: '\ufffd(', s: '\ufffd', t: 'a b+c', u: '\ufffd' });
    // WHATWG URL §5.1: the input's own UTF-8 bytes join the escaped ones before UTF-8 decoding.
    expect(parseQuery('e=€%ED%A0%80&f=é%C3%A9&g=😀+%F0%9F%98')).toEqual({ e: '€\ufffd\ufffd\ufffd', f: 'éé', g: '😀 \ufffd' });
  });
});
