/**
 * Property-based tests for `url-search-params` (spec §15): a query string is client input. Node's
 * URLSearchParams is the reference for serialising and for the mutators; it is not one for parsing,
 * since Node 20 mis-decodes escapes next to non-ASCII text (`é%FF` gives two U+FFFD, `%C3%A9%😀`
 * a NUL), so parsing is checked against a few lines of WHATWG URL §5.1 on Buffer and TextDecoder.
 */
import { URLSearchParams as NodeURLSearchParams } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import URLSearchParams from '../../src/modules/url-search-params.ts';

// Query text with the characters the form-urlencoded algorithm treats specially over-represented,
// lone surrogates and broken escapes included.
const queryText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '=', '+', '%', '%2', '%zz', '%41', '%C3%A9', '%E2%82', '%FF', '%ED%A0%80', '?', '#', ' ', '\ud800', '\udc00', 'é', '😀'),
    fc.string({ unit: 'binary-ascii', maxLength: 1 }),
  ),
  maxLength: 30,
});
const component = fc.string({ unit: fc.oneof(fc.constantFrom('&', '=', '+', '%', ' ', '\ud83d', '😀', 'é', '*', '~'), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 10 });

const HEX = /^[0-9A-Fa-f]{2}$/;

/** URL §5.1 on bytes: UTF-8 encode (lone surrogates become U+FFFD), "+" to space, %XX to a byte, UTF-8 decode. */
function referenceDecode(text: string): string {
  const bytes = Buffer.from(text.replace(/\+/g, ' '), 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const pair = bytes.subarray(i + 1, i + 3).toString('latin1');
    if (bytes[i] === 0x25 && HEX.test(pair)) {
      out.push(Number.parseInt(pair, 16));
      i += 2;
    } else out.push(bytes[i] as number);
  }
  return new TextDecoder().decode(Uint8Array.from(out));
}

function referenceParse(query: string): Array<[string, string]> {
  const body = query.startsWith('?') ? query.slice(1) : query;
  return body.split('&').filter((part) => part !== '').map((part) => {
    const eq = part.indexOf('=');
    return [referenceDecode(eq === -1 ? part : part.slice(0, eq)), referenceDecode(eq === -1 ? '' : part.slice(eq + 1))];
  });
}

describe('url-search-params fuzz', () => {
  it('parses any string as WHATWG URL §5.1 says, and serialises as the reference does', () => {
    fc.assert(
      fc.property(queryText, (query) => {
        const ours = new URLSearchParams(query);
        expect([...ours.entries()]).toEqual(referenceParse(query));
        expect(ours.toString()).toBe(new NodeURLSearchParams([...ours]).toString());
      }),
      { numRuns: 1000 },
    );
  });

  it('any pairs survive serialisation: parse(toString()) gives the pairs back (lone surrogates as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(component, component), { maxLength: 8 }), (pairs) => {
        const params = new URLSearchParams();
        for (const [name, value] of pairs) params.append(name, value);
        const reference = new NodeURLSearchParams();
        for (const [name, value] of pairs) reference.append(name, value);
        expect(params.toString()).toBe(reference.toString());
        expect([...new URLSearchParams(params.toString())]).toEqual([...params]);
        expect([...params]).toEqual([...reference]);
      }),
      { numRuns: 500 },
    );
  });

  it('mutators keep the same list as the reference', () => {
    const step = fc.oneof(
      fc.tuple(fc.constant('append' as const), component, component),
      fc.tuple(fc.constant('set' as const), component, component),
      fc.tuple(fc.constant('delete' as const), component, fc.option(component, { nil: undefined })),
      fc.tuple(fc.constant('sort' as const), fc.constant(''), fc.constant('')),
    );
    fc.assert(
      fc.property(queryText, fc.array(step, { maxLength: 10 }), (query, steps) => {
        const ours = new URLSearchParams(query);
        const reference = new NodeURLSearchParams([...ours]);
        for (const [op, name, value] of steps) {
          if (op === 'append') { ours.append(name, value); reference.append(name, value); }
          else if (op === 'set') { ours.set(name, value); reference.set(name, value); }
          else if (op === 'sort') { ours.sort(); reference.sort(); }
          else if (value === undefined) { ours.delete(name); reference.delete(name); }
          else { ours.delete(name, value); reference.delete(name, value); }
          expect(ours.has(name)).toBe(reference.has(name));
          expect(ours.get(name)).toBe(reference.get(name));
          expect(ours.getAll(name)).toEqual(reference.getAll(name));
        }
        expect(ours.toString()).toBe(reference.toString());
        expect(ours.size).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but TypeError for any init value', () => {
    fc.assert(
      fc.property(fc.anything(), (init) => {
        try {
          new URLSearchParams(init as string);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does work linear in the query: n pairs in, n pairs out, each read once by a live iterator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (count) => {
        const query = Array.from({ length: count }, (_, i) => `k${i % 7}=%E2%82%AC${i}`).join('&');
        const params = new URLSearchParams(query);
        let steps = 0;
        for (const _ of params.keys()) steps += 1;
        expect(steps).toBe(count);
        expect(params.size).toBe(count);
      }),
      { numRuns: 15 },
    );
  });
});
