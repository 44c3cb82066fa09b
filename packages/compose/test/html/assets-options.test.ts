/**
 * The options of fragment assets, async slots and fallback URLs: each mistake is a TypeScript error
 * where the types can see it, and always an HtmlOptionError at definePage that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { definePage, HtmlOptionError } from '../../src/html/index.ts';
import { makeRequest, onEdge } from '../helpers/edge.ts';

const T = '<html><head></head><body><weft-slot name="s"></weft-slot></body></html>';

function error(define: () => unknown): string {
  try {
    define();
  } catch (e) {
    expect(e).toBeInstanceOf(HtmlOptionError);
    return (e as Error).message;
  }
  throw new Error('definePage accepted the options');
}

describe('asset, async and fallbackUrl options', () => {
  it('refuses wrong types, for the compiler and at run time', () => {
    // @ts-expect-error async is a boolean
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', async: 'yes' } } }))).toBe('slots.s.async: expected true or false, got "yes"');
    // @ts-expect-error styles is a list of URLs
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', assets: { styles: '/a.css' } } } }))).toBe(
      'slots.s.assets.styles: expected an array of URLs (non-empty strings), got "/a.css"',
    );
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', assets: { scripts: [''] } } } }))).toBe(
      'slots.s.assets.scripts: expected an array of URLs (non-empty strings), got an array',
    );
    // @ts-expect-error a typo in assets
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', assets: { style: ['/a.css'] } } } }))).toBe(
      'slots.s.assets: unknown option "style" (known: styles, scripts, modules, holdHead)',
    );
    // @ts-expect-error fallbackUrl is a URL template or a function
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', fallbackUrl: 42 } } }))).toBe('slots.s.fallbackUrl: expected a URL template string or a function, got 42');
    // @ts-expect-error preloadHeader is a boolean
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s' } }, preloadHeader: 'yes' }))).toBe('preloadHeader: expected true or false, got yes');
  });

  it('refuses an async slot that holds the head (a type error too)', () => {
    expect(
      // @ts-expect-error holdHead must be false (or absent) when async is true
      error(() => definePage({ template: T, slots: { s: { url: '/s', async: true, assets: { holdHead: true } } } })),
    ).toBe('slots.s: an async slot cannot hold the head (assets.holdHead), since it must never delay the page: drop one of the two');
  });

  it('refuses an async primary', () => {
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s', async: true } }, primary: 's' }))).toBe(
      'primary: slot "s" is async; the page\'s status cannot wait for a slot that must never delay it: drop async or choose another primary',
    );
  });

  it('says where slot-wide options go and what fallbackUrl needs', () => {
    expect(
      error(() =>
        definePage({
          template: T,
          // @ts-expect-error async belongs to the slot, not to one candidate
          slots: { s: { candidates: [{ url: '/a', async: true }] } },
        }),
      ),
    ).toBe('slots.s.candidates[0]: async is an option of the whole slot: give it beside candidates, not inside one');
    expect(error(() => definePage({ template: T, slots: { s: { content: 'x', fallbackUrl: '/b' } } }))).toBe(
      'slots.s.fallbackUrl: only a fragment (url) can have a fallbackUrl; for render or content, use fallback markup',
    );
    expect(error(() => definePage({ template: T, slots: { s: { url: '/a', fallbackUrl: '/b/{nope.x}' } } }))).toMatch(/slots.s.fallbackUrl reads \{nope/);
  });

  it('checks the nonce: a fixed one at definePage, a per-request one when the page is assembled', async () => {
    expect(error(() => definePage({ template: T, slots: { s: { url: '/s' } }, nonce: 'a"><script>' }))).toBe(
      'nonce: expected a base64 value (letters, digits, + / = - _) or a function (ctx) => nonce, got "a\\"><script>"',
    );
    const page = definePage({ template: T, slots: { s: { content: 'x' } }, nonce: (ctx) => ctx.header('x-nonce') });
    await expect(onEdge({}, () => page.assemble(makeRequest({ headers: { 'x-nonce': 'bad value' } })))).rejects.toThrow(
      'nonce: the function returned "bad value"; return a base64 value (letters, digits, + / = - _) or undefined',
    );
  });

  it('earlyHints is empty for a page that declares no assets', () => {
    expect(definePage({ template: T, slots: { s: { url: '/s' } } }).earlyHints()).toBe('');
  });
});
