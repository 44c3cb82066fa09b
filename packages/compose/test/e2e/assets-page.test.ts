/**
 * End to end through the runtime: assets-worker.ts is bundled, run through the whole pipeline and
 * served over HTTP on loopback; its fragments are a real local server that logs when it answers.
 * The page puts its fragments' stylesheets once in the head before any body byte and their scripts
 * before </body>, sends a Link header of preloads and sets PMUSER_103_HINTS in onClientRequest,
 * streams the rest of the page before the slow async fragment answered, and fills a fragment from
 * its fallbackUrl when the primary answers 503.
 */
import { request as httpGet, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ParserError } from 'parse5';
import { startWorker, type RunningWorker } from '@weft/testing';

const entry = fileURLToPath(new URL('./assets-worker.ts', import.meta.url));
const log: string[] = [];
let releaseRecs: () => void = () => {};
const recsReleased = new Promise<void>((resolve) => (releaseRecs = resolve));

function fragments(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  const send = (status: number, links: string[], body: string): void => {
    log.push(`answered ${path}`);
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...(links.length > 0 ? { link: links.join(', ') } : {}) });
    res.end(body);
  };
  if (path === '/header') send(200, ['</css/base.css>; rel=stylesheet', '</css/header.css>; rel=stylesheet', '</js/header.js>; rel=preload; as=script'], '<header>Shop</header>');
  // Answers only once the client has read the footer: proof that nothing waited for it.
  else if (path === '/recs') void recsReleased.then(() => send(200, ['</css/base.css>; rel=stylesheet', '</js/recs.mjs>; rel=modulepreload'], '<ul>picks</ul>'));
  else if (path === '/reviews') send(503, ['</css/broken.css>; rel=stylesheet'], 'down');
  else if (path === '/reviews-cached') send(200, ['</css/reviews.css>; rel=stylesheet', '</js/header.js>; rel=preload; as=script'], '<section>cached reviews</section>');
  else send(404, [], 'no such fragment');
}

let worker: RunningWorker;
let front: string;

beforeAll(async () => {
  worker = await startWorker({
    entry,
    options: { origin: 'mock:fragments', hosts: { 'fragments.assets.example': 'mock:fragments' } },
    mocks: { fragments },
  });
  front = await worker.listen();
});

afterAll(async () => {
  releaseRecs();
  await worker?.close();
});

function get(url: string, headers: Record<string, string>, onChunk: (text: string) => void): Promise<{ status: number; headers: IncomingMessage['headers']; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        onChunk(text);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fragment assets, an async fragment and a fallback URL, through the runtime', () => {
  it('assembles the page with its assets in place, the async fragment last, the fallback URL used', async () => {
    const page = await get(`${front}/`, { 'x-nonce': 'n0nce' }, (text) => {
      if (text.includes('<footer>F</footer>') && !log.includes('client: footer')) {
        log.push('client: footer');
        releaseRecs();
      }
    });
    expect(page.status, JSON.stringify(worker.traces()[0]?.stages.find((s) => s.stage === 'responseProvider'))).toBe(200);

    const n = ' nonce="n0nce"';
    const head = `<head><title>Assets</title><link rel="stylesheet" href="/css/base.css"${n}><link rel="stylesheet" href="/css/header.css"${n}><link rel="stylesheet" href="/css/reviews.css"${n}></head>`;
    expect(page.text).toContain(head);
    // Each stylesheet once; none from the 503 answer.
    expect(page.text.match(/base\.css/g)).toHaveLength(1);
    expect(page.text).not.toContain('broken.css');
    // The async slot's placeholder in place; the cached reviews from the fallback URL.
    expect(page.text).toContain('<header>Shop</header>\n<weft-async id="weft-async-0" data-slot="recs"><p>Loading picks</p></weft-async>\n<section>cached reviews</section>\n<footer>F</footer>\n');
    // Scripts before </body>, then the async fragment, moved into place by a script with the nonce.
    expect(page.text).toContain(
      `<footer>F</footer>\n<script src="/js/header.js" defer${n}></script><template id="weft-async-0-fill"><ul>picks</ul></template>` +
        `<script${n}>(function(){var t=document.getElementById("weft-async-0-fill")`,
    );
    expect(page.text.endsWith(`<script type="module" src="/js/recs.mjs"${n}></script></body></html>`)).toBe(true);
    // The async fragment answered only after the client had the footer.
    expect(log.indexOf('client: footer')).toBeLessThan(log.indexOf('answered /recs'));
    expect(log).toContain('answered /reviews-cached');

    const errors: ParserError[] = [];
    parse(page.text, { onParseError: (error) => errors.push(error) });
    expect(errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`)).toEqual([]);

    // Preload hints: the page's Link header (declared assets, known at the commit) and PMUSER_103_HINTS.
    expect(page.headers.link).toBe('</css/base.css>; rel=preload; as=style');
    expect(page.headers['x-early-hints']).toBe('</css/base.css>;rel=preload;as=style');
    // The fallback URL is a warning in the trace.
    const trace = worker.traces().at(-1);
    expect(JSON.stringify(trace)).toContain('reviews: GET https://fragments.assets.example/reviews answered 503; fetching its fallbackUrl https://fragments.assets.example/reviews-cached');
  });
});
