import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'parse5';
import { html, inject, raw, respondInjected } from '../../src/html/index.ts';
import { httpRequest } from 'http-request';
// Worker code has no global stream classes: pages are made with the platform's, as at the edge.
import { ReadableStream } from 'streams';
import { onEdge, readResponse } from '../helpers/edge.ts';
import { readAll, startOrigin, type Origin } from './helpers/origin.ts';

let origin: Origin | undefined;
afterEach(async () => {
  await origin?.close();
  origin = undefined;
});

const encoder = new TextEncoder();

/** A page as a byte stream cut into `size`-byte chunks (every split point is exercised by the sizes used). */
function pageStream(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

const PAGE = '<!doctype html><html><head><title>P</title></head><body><div id="banner"></div><img src="a.png" onclick="x()"><p class="ad">ad</p><main>content</main></body></html>';

async function run(stream: ReadableStream<Uint8Array>): Promise<string> {
  // The platform's stream type (akamai-edgeworkers) and the DOM's differ only in their typings.
  return readAll(stream as unknown as Parameters<typeof readAll>[0]);
}

describe('inject', () => {
  it('inserts markup before </head>, escapes plain strings, sets and removes attributes, removes elements', async () => {
    for (const size of [1, 3, 7, 64]) {
      const out = await run(
        inject(pageStream(PAGE, size) as never, [
          { selector: 'head', append: html`<script src="/rum.js"></script>` },
          { selector: '#banner', replaceChildren: 'Sale <50%> & more' },
          { selector: 'img', setAttributes: { loading: 'lazy', alt: 'say "hi"' }, removeAttributes: ['onclick'] },
          { selector: 'p.ad', remove: true },
          { selector: 'main', before: raw('<nav>n</nav>'), after: raw('<footer>f</footer>') },
        ]) as never,
      );
      expect(out).toContain('<title>P</title><script src="/rum.js"></script></head>');
      expect(out).toContain('<div id="banner">Sale &lt;50%&gt; &amp; more</div>');
      expect(out).toMatch(/<img src="a.png" loading="lazy" alt="say (&quot;|&#34;)hi(&quot;|&#34;)">/);
      expect(out).not.toContain('class="ad"');
      expect(out).toContain('<nav>n</nav><main>content</main><footer>f</footer>');
    }
  });

  it("streams another source's body into the page (not buffered), in place of a marker, with chunked input", async () => {
    const banner = streamOf('<strong>', 'Bonjour', '</strong>');
    const out = await run(inject(pageStream(PAGE, 5) as never, [{ selector: '#banner', append: banner as never }]) as never);
    expect(out).toContain('<div id="banner"><strong>Bonjour</strong></div>');
    expect(out).not.toContain('\u0000');
    expect(out).toBe(PAGE.replace('<div id="banner"></div>', '<div id="banner"><strong>Bonjour</strong></div>'));
  });

  it('uses the fallback when the streamed source fails, and leaves a NUL the origin sent alone', async () => {
    const failing = Promise.resolve({ ok: false, status: 503, body: streamOf('down') });
    const page = PAGE.replace('content', 'a\u0000weft-splice:forged:0\u0000b');
    const out = await run(inject(pageStream(page, 4) as never, [{ selector: '#banner', append: failing as never, fallback: html`<em>welcome</em>` }]) as never);
    expect(out).toContain('<div id="banner"><em>welcome</em></div>');
    expect(out).toContain('a\u0000weft-splice:forged:0\u0000b');
  });

  it('rejects invalid injections with the option, the value and the rule', () => {
    const page = () => pageStream(PAGE) as never;
    expect(() => inject(page(), [{ selector: '' }])).toThrow(/injections\[0\].selector: expected a CSS selector string/);
    expect(() => inject(page(), [{ selector: 'p' }])).toThrow(/injections\[0\]: nothing to do/);
    expect(() => inject(page(), [{ selector: 'p', setAttributes: { 'a b': 'x' } }])).toThrow(/"a b" is not a valid attribute name/);
    expect(() => inject(page(), [{ selector: 'p', apend: 'x' } as never])).toThrow(/unknown option "apend"/);
    expect(() => inject(page(), [{ selector: 'p', append: 42 as never }])).toThrow(/append: expected a string \(escaped text\)/);
  });
});

describe('respondInjected through the platform (real origin, responseProvider invocation)', () => {
  it('streams the origin page with a script before </head> and a banner chosen by country, streamed from its own origin', async () => {
    const o = await startOrigin({
      '/page': { headers: { 'cache-control': 'max-age=30', 'content-length': String(PAGE.length) }, chunks: [PAGE.slice(0, 40), PAGE.slice(40)] },
      '/banners/FR': { chunks: ['<p class="banner">', 'Livraison offerte', '</p>'] },
    });
    origin = o;
    const result = await onEdge({ defaultOrigin: o.url }, async () => {
      const country = 'FR';
      const [page, banner] = [httpRequest('/page'), httpRequest(`/banners/${country}`)];
      return readResponse(respondInjected(await page, [
        { selector: 'head', append: html`<script src="/rum.js"></script>` },
        { selector: '#banner', replaceWith: banner, fallback: '' },
      ]));
    });
    expect(result.status).toBe(200);
    expect(result.headers['cache-control']).toBe('max-age=30');
    expect(result.headers['content-length']).toBeUndefined();
    expect(result.text).toContain('<script src="/rum.js"></script></head>');
    expect(result.text).toContain('<body><p class="banner">Livraison offerte</p><img');
    expect(parse(result.text).childNodes.length).toBe(2);
  });
});

describe('inject: details of the rewriter contract', () => {
  it('writes a streamed content at the first match only (a body is read once); strings go everywhere', async () => {
    const out = await run(
      inject(pageStream('<ul><li>a</li><li>b</li></ul>') as never, [
        { selector: 'li', append: streamOf('<i>once</i>') as never },
        { selector: 'li', prepend: '*' },
      ]) as never,
    );
    expect(out).toBe('<ul><li>*a<i>once</i></li><li>*b</li></ul>');
  });

  it('orders repeated insertions as the platform does (spec §13: prepend LIFO, append FIFO)', async () => {
    const out = await run(
      inject(pageStream("<div id='example'></div>") as never, [
        { selector: '#example', append: raw('A'), prepend: raw('1') },
        { selector: '#example', append: raw('B'), prepend: raw('2') },
      ]) as never,
    );
    expect(out).toBe("<div id='example'>21AB</div>");
  });
});
