/** The request target as the edge server hands it to the pipeline (RFC 9112 §3.2), by example and by property. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { climbsAboveRoot, readRequestTarget } from '../../src/server/request-target.ts';
import { toWireValue } from '../../src/server/wire-header.ts';

describe('readRequestTarget', () => {
  it('keeps an origin-form target as sent (spec §3.1: the raw, percent-encoded path)', () => {
    expect(readRequestTarget('GET', '/a%20b/./c?x=%2e%2e')).toEqual({ ok: true, url: '/a%20b/./c?x=%2e%2e', host: undefined });
  });

  it('turns an absolute-form target into origin-form plus its authority (RFC 9112 §3.2.2)', () => {
    expect(readRequestTarget('GET', 'http://www.example.com/info?x=1')).toEqual({ ok: true, url: '/info?x=1', host: 'www.example.com' });
    expect(readRequestTarget('GET', 'https://Example.COM:8443')).toEqual({ ok: true, url: '/', host: 'Example.COM:8443' });
    expect(readRequestTarget('GET', 'http://x?q')).toEqual({ ok: true, url: '/?q', host: 'x' });
  });

  it('accepts the asterisk-form for OPTIONS only (RFC 9112 §3.2.4)', () => {
    expect(readRequestTarget('OPTIONS', '*')).toMatchObject({ ok: true, url: '*' });
    expect(readRequestTarget('GET', '*')).toMatchObject({ ok: false });
  });

  it('refuses other schemes, userinfo, an empty host and relative targets, saying why', () => {
    expect(readRequestTarget('GET', 'ftp://x/')).toMatchObject({ ok: false, message: expect.stringContaining('scheme "ftp"') });
    expect(readRequestTarget('GET', 'http://a@x/')).toMatchObject({ ok: false, message: expect.stringContaining('RFC 9110 §4.2.4') });
    expect(readRequestTarget('GET', 'http:///x')).toMatchObject({ ok: false, message: expect.stringContaining('names no host') });
    expect(readRequestTarget('GET', 'x/y')).toMatchObject({ ok: false, message: expect.stringContaining('neither a path') });
  });

  it('refuses a fragment and a "%" that starts no pct-encoded octet (RFC 9112 §3.2, RFC 3986 §2.1)', () => {
    expect(readRequestTarget('GET', '/a#b')).toMatchObject({ ok: false, message: expect.stringContaining('fragment') });
    expect(readRequestTarget('GET', 'http://x/a?b#c')).toMatchObject({ ok: false, message: expect.stringContaining('fragment') });
    expect(readRequestTarget('GET', '/a%ZZ')).toMatchObject({ ok: false, message: expect.stringContaining('"%25"') });
    expect(readRequestTarget('GET', '/a?q=100%')).toMatchObject({ ok: false });
    expect(readRequestTarget('GET', '/a%2Fb%00?q=%ff')).toMatchObject({ ok: true, url: '/a%2Fb%00?q=%ff' });
  });

  it('never throws, and what it accepts is a path or "*"', () => {
    const chars = fc.constantFrom('/', '.', '%', '2', 'e', 'E', 'f', '5', 'c', '\\', '?', '#', '@', ':', 'h', 't', 'p', 's', 'x', '*', ' ');
    fc.assert(
      fc.property(fc.constantFrom('GET', 'OPTIONS'), fc.oneof(fc.string({ unit: chars, maxLength: 30 }), fc.string({ maxLength: 30 }), fc.string({ unit: chars, maxLength: 20 }).map((rest) => `http://${rest}`)), (method, target) => {
        const result = readRequestTarget(method, target);
        if (result.ok) {
          expect(result.url === '*' || result.url.startsWith('/')).toBe(true);
          expect(climbsAboveRoot(result.url.split('?')[0] ?? '')).toBe(false);
        } else {
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('climbsAboveRoot', () => {
  const SEGMENTS: Record<string, number> = { a: 1, 'b.c': 1, '...': 1, '': 0, '.': 0, '%2e': 0, '..': -1, '%2e%2e': -1, '.%2E': -1, '%2E.': -1 };

  // A model: each segment moves the depth by its weight, and ".." at the root climbs out.
  it('agrees with a depth count over segments spelled in any encoding, joined by any slash', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('/', '%2f', '%2F', '%5c', '\\'), fc.constantFrom(...Object.keys(SEGMENTS))), { maxLength: 12 }), (parts) => {
        let depth = 0;
        let climbs = false;
        for (const [, segment] of parts) {
          const step = SEGMENTS[segment] ?? 0;
          if (step === -1 && depth === 0) climbs = true;
          depth = Math.max(0, depth + step);
        }
        const path = parts.map(([slash, segment], i) => `${i === 0 ? '/' : slash}${segment}`).join('');
        expect(climbsAboveRoot(path), path).toBe(climbs);
      }),
    );
  });
});

describe('toWireValue', () => {
  it('keeps Latin-1 values byte for byte and writes anything wider as UTF-8 (spec §3.2)', () => {
    expect(toWireValue('caf\xe9')).toBe('caf\xe9');
    expect(Buffer.from(toWireValue('snow \u2603'), 'latin1').toString('utf8')).toBe('snow \u2603');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (value) => {
        const wire = toWireValue(value);
        expect(wire).toMatch(/^[\x00-\xff]*$/);
        if (/^[\x00-\xff]*$/.test(value)) expect(wire).toBe(value);
        else expect(Buffer.from(wire, 'latin1').toString('utf8')).toBe(value);
      }),
    );
  });
});
