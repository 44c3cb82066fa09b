/**
 * Fragment assets in definePage: stylesheets from `Link` headers and slot declarations go in the
 * head (deduplicated) before any body byte, scripts where the template says, late ones beside
 * their fragment; the page's Link header and PMUSER_103_HINTS value. Real loopback origins.
 */
import { describe, expect, it } from 'vitest';
import { definePage, html, type AssembledPage } from '../../src/html/index.ts';
import { assetsFromLinkHeader } from '../../src/html/assets/link-header.ts';
import { AssetCollector } from '../../src/html/assets/collector.ts';
import { earlyHintsValue } from '../../src/html/assets/markup.ts';
import { makeRequest, onEdge, type EdgeCall } from '../helpers/edge.ts';
import { originPerTest, readAll, type Origin } from './helpers/origin.ts';

const serve = originPerTest();

async function run(page: ReturnType<typeof definePage>, o: Origin, call: EdgeCall = {}) {
  return onEdge({ defaultOrigin: o.url }, async () => {
    const assembled: AssembledPage = await page.assemble(makeRequest(call));
    const text = await readAll(assembled.body as unknown as ReadableStream<Uint8Array>);
    return { ...assembled, text, report: await assembled.report };
  });
}

const link = (value: string) => ({ link: value });

describe('Link header of a fragment', () => {
  it('reads stylesheets, classic and module scripts, and ignores other links', () => {
    expect(
      assetsFromLinkHeader([
        '</a.css>; rel="stylesheet", </b.js>; rel=preload; as=script, </c.mjs>; rel=modulepreload',
        '<https://cdn.example/x,y.css>; rel=stylesheet; media="print, screen", </font.woff2>; rel=preload; as=font',
        '</t.js>; rel="fragment-script", <https://cdn.example>; rel=preconnect, garbage, <>; rel=stylesheet',
      ]),
    ).toEqual([
      { href: '/a.css', kind: 'style' },
      { href: '/b.js', kind: 'script' },
      { href: '/c.mjs', kind: 'module' },
      { href: 'https://cdn.example/x,y.css', kind: 'style' },
      { href: '/t.js', kind: 'script' },
    ]);
    expect(assetsFromLinkHeader(undefined)).toEqual([]);
  });

  it('PMUSER_103_HINTS holds whole links only, within the setVariable budget', () => {
    const assets = Array.from({ length: 40 }, (_, i) => ({ href: `https://cdn.example/styles/${i}.css`, kind: 'style' as const }));
    const value = earlyHintsValue(assets);
    expect(value.startsWith('<https://cdn.example/styles/0.css>;rel=preload;as=style, <https://cdn.example/styles/1.css>;')).toBe(true);
    expect('PMUSER_103_HINTS'.length + value.length).toBeLessThanOrEqual(1024);
    expect(value.endsWith('as=style')).toBe(true);
    expect(value.split(', ').length).toBeLessThan(40);
  });
});

describe('the asset collector', () => {
  it('waits for a held slot that started while it was waiting, and writes each href once', async () => {
    const assets = new AssetCollector(undefined);
    let first: () => void = () => {};
    let second: () => void = () => {};
    assets.hold(new Promise<void>((resolve) => (first = resolve)));
    const styles = assets.styles();
    assets.hold(new Promise<void>((resolve) => (second = resolve)));
    let settled = false;
    void styles.then(() => (settled = true));
    assets.add('a', [{ href: '/a.css', kind: 'style' }]);
    first();
    // Every pending reaction has run (one turn of the event loop), and the second hold still holds.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    assets.add('b', [{ href: '/b.css', kind: 'style' }, { href: '/a.css', kind: 'style' }]);
    second();
    expect(await styles).toBe('<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css">');
    expect(assets.before('b')).toBe('');
  });
});

describe('assets in an assembled page', () => {
  const SHELL = html`<!doctype html><html><head><title>Shop</title></head><body>
<weft-slot name="header"></weft-slot>
<weft-slot name="cart"></weft-slot>
<weft-slot name="reviews"></weft-slot>
</body></html>`;

  it('puts every stylesheet once in the head before any body byte, and the scripts before </body>', async () => {
    const o = await serve({
      '/header': { headers: link('</css/base.css>; rel=stylesheet, </js/header.js>; rel=preload; as=script'), body: '<header>H</header>' },
      // Answers after the page's first bytes left: its stylesheet still goes in the head (held).
      '/cart': { delay: 100, headers: link('</css/base.css>; rel=stylesheet, </css/cart.css>; rel=stylesheet, </js/cart.mjs>; rel=modulepreload'), body: '<aside>C</aside>' },
      '/reviews': { body: '<section>R</section>' },
    });
    const page = definePage({
      template: SHELL,
      slots: {
        header: { url: '/header', assets: { holdHead: true } },
        cart: { url: '/cart', assets: { holdHead: true, scripts: ['/js/header.js'] } },
        reviews: { url: '/reviews', assets: { styles: ['/css/reviews.css', '/css/base.css'] } },
      },
      preloadHeader: true,
    });
    const result = await run(page, o);
    expect(result.text).toBe(`<!doctype html><html><head><title>Shop</title>\
<link rel="stylesheet" href="/css/reviews.css"><link rel="stylesheet" href="/css/base.css"><link rel="stylesheet" href="/css/cart.css"></head><body>
<header>H</header>
<aside>C</aside>
<section>R</section>
<script src="/js/header.js" defer></script><script type="module" src="/js/cart.mjs"></script></body></html>`);
    // Known at the commit (no primary: at once): the declared assets only.
    expect(result.headers.link).toBe('</js/header.js>; rel=preload; as=script, </css/reviews.css>; rel=preload; as=style, </css/base.css>; rel=preload; as=style');
    expect(page.earlyHints()).toBe('</js/header.js>;rel=preload;as=script, </css/reviews.css>;rel=preload;as=style, </css/base.css>;rel=preload;as=style');
  });

  it('does not hold the head by default: a stylesheet learnt later goes just before its fragment', async () => {
    const o = await serve({
      '/header': { body: '<header>H</header>' },
      '/cart': { headers: link('</css/cart.css>; rel=stylesheet, </css/base.css>; rel=stylesheet'), body: '<aside>C</aside>' },
      '/reviews': { headers: link('</css/base.css>; rel=stylesheet'), body: '<section>R</section>' },
    });
    const page = definePage({ template: SHELL, slots: { header: { url: '/header' }, cart: { url: '/cart' }, reviews: { url: '/reviews', assets: { styles: ['/css/base.css'] } } } });
    const result = await run(page, o);
    expect(result.text).toContain('<title>Shop</title><link rel="stylesheet" href="/css/base.css"></head>');
    expect(result.text).toContain('<header>H</header>\n<link rel="stylesheet" href="/css/cart.css"><aside>C</aside>\n<section>R</section>');
    expect(result.text.match(/base\.css/g)).toHaveLength(1);
    expect(page.earlyHints()).toBe('</css/base.css>;rel=preload;as=style');
  });

  it('follows <weft-styles> and <weft-scripts>; a script learnt after its place follows its fragment; nonces on every element', async () => {
    const o = await serve({
      '/a': { headers: link('</a.js>; rel=preload; as=script'), body: '<p>A</p>' },
      '/b': { delay: 50, headers: link('</b.css>; rel=stylesheet, </a.js>; rel=preload; as=script, </b.js>; rel=preload; as=script'), body: '<p>B</p>' },
    });
    const page = definePage({
      template: '<html><head><weft-styles></weft-styles><meta charset="utf-8"><weft-scripts/></head><body><weft-slot name="a"></weft-slot><weft-slot name="b"></weft-slot></body></html>',
      slots: { a: { url: '/a', assets: { holdHead: true, modules: ['/app.mjs'] } }, b: { url: '/b' } },
      nonce: (ctx) => ctx.header('x-nonce'),
    });
    const result = await run(page, o, { headers: { 'x-nonce': 'r4nd0m' } });
    // The styles mark is first in the head: /b.css (not held) was not known yet, so it goes just before B.
    expect(result.text).toBe(
      '<html><head><meta charset="utf-8">' +
        '<script type="module" src="/app.mjs" nonce="r4nd0m"></script><script src="/a.js" defer nonce="r4nd0m"></script></head><body><p>A</p>' +
        '<link rel="stylesheet" href="/b.css" nonce="r4nd0m"><p>B</p><script src="/b.js" defer nonce="r4nd0m"></script></body></html>',
    );
  });

  it('reads the marks of a fetched template however it is chunked', async () => {
    const template = '<html><head><title>T</title></he' + 'ad><body><weft-slot name="a"></weft-slot></bo' + 'dy></html>';
    const o = await serve({
      '/template': { chunks: template.match(/.{1,7}/gs) ?? [], chunkDelay: 1 },
      '/a': { headers: link('</a.css>; rel=stylesheet, </a.js>; rel=preload; as=script'), body: '<p>A</p>' },
    });
    const page = definePage({ template: { url: '/template' }, slots: { a: { url: '/a', assets: { holdHead: true } } } });
    const result = await run(page, o);
    expect(result.text).toBe('<html><head><title>T</title><link rel="stylesheet" href="/a.css"></head><body><p>A</p><script src="/a.js" defer></script></body></html>');
  });

  it('writes the scripts at the end of a page without </body>, and leaves a page without assets as it was', async () => {
    const o = await serve({ '/a': { headers: link('</a.js>; rel=preload; as=script'), body: '<p>A</p>' }, '/b': { body: '<p>B</p>' } });
    const withScripts = await run(definePage({ template: '<div><weft-slot name="a"></weft-slot></div>', slots: { a: { url: '/a' } } }), o);
    expect(withScripts.text).toBe('<div><p>A</p></div><script src="/a.js" defer></script>');
    const plain = await run(definePage({ template: '<html><head></head><body><weft-slot name="b"></weft-slot></body></html>', slots: { b: { url: '/b' } }, preloadHeader: true }), o);
    expect(plain.text).toBe('<html><head></head><body><p>B</p></body></html>');
    expect(plain.headers.link).toBeUndefined();
  });

  it("hints the primary's assets (known at the commit) after the page's own Link header", async () => {
    const o = await serve({ '/main': { headers: link('</main.css>; rel=stylesheet, <https://cdn.example>; rel=preconnect'), body: '<main>M</main>' } });
    const page = definePage({
      template: '<html><head></head><body><weft-slot name="main"></weft-slot></body></html>',
      slots: { main: { url: '/main' } },
      primary: 'main',
      headers: { 'content-type': 'text/html', Link: '<https://fonts.example>; rel=preconnect' },
      preloadHeader: true,
    });
    const result = await run(page, o);
    expect(result.headers.Link).toEqual(['<https://fonts.example>; rel=preconnect', '</main.css>; rel=preload; as=style']);
    expect(result.text).toBe('<html><head><link rel="stylesheet" href="/main.css"></head><body><main>M</main></body></html>');
  });

  it('ignores the Link header of a failed fragment and of an unchosen branch', async () => {
    const o = await serve({ '/down': { status: 503, headers: link('</down.css>; rel=stylesheet'), body: 'x' } });
    const page = definePage({
      template: '<html><head></head><body><weft-slot name="a"><p>fallback</p></weft-slot></body></html>',
      slots: { a: { url: '/down', assets: { holdHead: true } } },
    });
    const result = await run(page, o);
    expect(result.text).toBe('<html><head></head><body><p>fallback</p></body></html>');
  });
});
