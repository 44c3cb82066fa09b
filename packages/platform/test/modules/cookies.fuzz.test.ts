/**
 * Property-based tests for the `cookies` module (spec §14, decisions 14): a Cookie or Set-Cookie
 * header is outside input, so parsing must take anything, and what Weft writes must read back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cookies, SetCookie } from '../../src/modules/cookies/index.ts';

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
// Well-formed text: any code point, so encodeURIComponent has something to escape.
const text = fc.string({ unit: 'binary', maxLength: 24 });
// Header text as a client may send it: separators, quotes, escapes and controls over-represented.
const headerText = fc.string({ unit: fc.oneof(fc.constantFrom(';', '=', ' ', '"', '%', '%2', '%zz', '\t', ',', '\\'), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 40 });
// Attribute text Weft accepts and a parser keeps as is: no ';', no controls, no edge whitespace.
const attributeText = fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) => s.replace(/[\x00-\x1f\x7f;]/g, '').trim());

/** The errors the module documents: TypeError for bad arguments, URIError from encodeURIComponent. */
function expectNamedError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error instanceof TypeError || error instanceof URIError, `unexpected ${String(error)}`).toBe(true);
  }
}

function pairsOf(jar: Cookies): Array<[string, string[]]> {
  return jar.names().map((name) => [name, jar.getAll(name)]);
}

describe('cookies fuzz: Cookies', () => {
  it('parses any header without throwing, and its accessors agree with each other', () => {
    fc.assert(
      fc.property(fc.oneof(headerText, fc.array(headerText, { maxLength: 3 }), fc.constant(null), fc.constant(undefined)), (header) => {
        const jar = new Cookies(header);
        const names = jar.names();
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
          const all = jar.getAll(name);
          expect(all.length).toBeGreaterThan(0);
          expect(jar.get(name)).toBe(all[0]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('re-parsing its own header gives the same cookies (parse ∘ toHeader ∘ parse = parse)', () => {
    fc.assert(
      fc.property(headerText, (header) => {
        const jar = new Cookies(header);
        const again = new Cookies(jar.toHeader());
        expect(pairsOf(again)).toEqual(pairsOf(jar));
        expect(again.toHeader()).toBe(jar.toHeader());
      }),
      { numRuns: 500 },
    );
  });

  it('added cookies round-trip through toHeader() and the parser, whatever their value', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(token, text), { maxLength: 8 }), (pairs) => {
        const jar = new Cookies();
        for (const [name, value] of pairs) jar.add(name, value);
        const parsed = new Cookies(jar.toHeader());
        for (const [name] of pairs) expect(parsed.getAll(name)).toEqual(pairs.filter(([n]) => n === name).map(([, v]) => v));
        expect(parsed.names()).toEqual([...new Set(pairs.map(([name]) => name))]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a bad name or an unencodable value only with TypeError or URIError', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.string({ unit: 'binary-ascii' }), (name, value, raw) => {
        const jar = new Cookies();
        expectNamedError(() => jar.add(name as string, value as string));
        // A lone surrogate cannot be percent-encoded; identity encode with raw text may break RFC 6265.
        expectNamedError(() => jar.add('x', `${raw}\ud800`));
        expectNamedError(() => jar.toHeader());
        expectNamedError(() => jar.toHeader({ encode: (s: string) => s }));
      }),
      { numRuns: 200 },
    );
  });

  it('does work linear in the header: the decoder runs once per cookie', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (count) => {
        let calls = 0;
        const header = Array.from({ length: count }, (_, i) => `c${i}=%41${i}`).join('; ');
        const jar = new Cookies(header, { decode: (s: string) => { calls += 1; return s; } });
        expect(calls).toBe(count);
        expect(jar.names().length).toBe(count);
      }),
      { numRuns: 20 },
    );
  });
});

const sameSite = fc.constantFrom('Strict' as const, 'Lax' as const, 'None' as const);
// Whole seconds inside the range toUTCString() writes with a four-digit year.
const expires = fc.integer({ min: 0, max: 253_402_300_799 }).map((seconds) => new Date(seconds * 1000));

describe('cookies fuzz: SetCookie', () => {
  it('an object init serialises and parses back to the same attributes', () => {
    fc.assert(
      fc.property(
        token,
        text,
        fc.record(
          {
            maxAge: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
            domain: attributeText,
            path: attributeText,
            expires,
            httpOnly: fc.boolean(),
            secure: fc.boolean(),
            sameSite,
          },
          { requiredKeys: [] },
        ),
        (name, value, attributes) => {
          const header = new SetCookie({ name, value, ...attributes }).toHeader();
          const parsed = new SetCookie(header);
          expect(parsed.name).toBe(name);
          expect(parsed.value).toBe(value);
          expect(parsed.maxAge).toBe(attributes.maxAge);
          expect(parsed.domain).toBe(attributes.domain);
          expect(parsed.path).toBe(attributes.path);
          expect(parsed.expires?.toUTCString()).toBe(attributes.expires?.toUTCString());
          expect(parsed.httpOnly).toBe(attributes.httpOnly ?? false);
          expect(parsed.secure).toBe(attributes.secure ?? false);
          expect(parsed.sameSite).toBe(attributes.sameSite);
          expect(parsed.toHeader()).toBe(header);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('parses any header without throwing; re-serialising is stable or a named error', () => {
    const setCookieText = fc.string({
      unit: fc.oneof(fc.constantFrom('; ', ';', '=', 'Expires=', 'Max-Age=', 'max-age=-', 'Domain=', 'Path=', 'Secure', 'HttpOnly', 'SameSite=', 'samesite=lax', '"', '%'), fc.string({ unit: 'binary', maxLength: 2 })),
      maxLength: 20,
    });
    fc.assert(
      fc.property(setCookieText, (header) => {
        const cookie = new SetCookie(header);
        let first: string;
        try {
          first = cookie.toHeader();
        } catch (error) {
          expect(error instanceof TypeError || error instanceof URIError, `unexpected ${String(error)}`).toBe(true);
          return;
        }
        expect(new SetCookie(first).toHeader()).toBe(first);
      }),
      { numRuns: 500 },
    );
  });

  it('a hostile object init fails toHeader() only with a named error', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('name', 'value', 'maxAge', 'domain', 'path', 'expires', 'httpOnly', 'secure', 'sameSite'), fc.anything()), (init) => {
        expectNamedError(() => new SetCookie(init as never).toHeader());
      }),
      { numRuns: 300 },
    );
  });
});
