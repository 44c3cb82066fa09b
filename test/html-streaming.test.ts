/**
 * End to end through the whole runtime: apps/personalized-page is bundled, loaded into the sandbox
 * and served over HTTP on loopback (@weft/testing's startWorker + listen); its mock origins sit behind a logging proxy that
 * records when each origin answered. The page must stream: its first bytes reach the client before
 * the slow fragment's origin (500 ms) has answered, and the finished document is well-formed HTML
 * with the failing fragment's fallback in place.
 */
import { createServer, request as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ParserError } from 'parse5';
import { startWorker, type RunningWorker } from '@weft/testing';

const config = fileURLToPath(new URL('../apps/personalized-page/weft.config.ts', import.meta.url));

/** A proxy that routes by Host to the app's mock origins and logs when each answered. */
function loggingProxy(log: string[], targets: Map<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0] ?? '';
    const target = targets.get(host);
    if (target === undefined) {
      res.writeHead(502).end(`no target for ${host}`);
      return;
    }
    const upstream = httpGet(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      log.push(`answered ${req.url}`);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

let worker: RunningWorker;
let front: string;
let proxy: { url: string; server: Server };
const log: string[] = [];
const targets = new Map<string, string>();

beforeAll(async () => {
  proxy = await loggingProxy(log, targets);
  // reco.weft.example is the recommendations subWorker under `weft dev`; here the fragments mock stands in.
  worker = await startWorker({ config, options: { hosts: { 'fragments.weft.example': proxy.url, 'api.weft.example': proxy.url, 'reco.weft.example': proxy.url } } });
  targets.set('fragments.weft.example', worker.mock('fragments'));
  targets.set('reco.weft.example', worker.mock('fragments'));
  targets.set('api.weft.example', worker.mock('api'));
  // Served over HTTP on loopback by the runtime's edge server, as `weft serve` does.
  front = await worker.listen();
});

afterAll(async () => {
  await worker?.close();
  await new Promise<void>((resolve) => {
    proxy?.server.closeAllConnections();
    proxy?.server.close(() => resolve());
  });
});

function get(url: string, headers: Record<string, string>, onFirstChunk: () => void): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers }, (res) => {
      let text = '';
      let first = true;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (first) onFirstChunk();
        first = false;
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('personalized-page streams through the runtime', () => {
  it('sends its first bytes before the slow fragment answered, and ends well-formed with the failing fragment’s fallbackUrl copy in place', async () => {
    log.length = 0;
    const page = await get(`${front}/`, {}, () => log.push('client: first bytes'));
    // On failure, say what the responseProvider stage reported (decision 1 forwards to the origin).
    expect(page.status, JSON.stringify(worker.traces()[0]?.stages.find((s) => s.stage === 'responseProvider'))).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // Order of events, not timings: the client had bytes before the 500 ms origin answered.
    expect(log).toContain('answered /fragments/recommendations');
    expect(log.indexOf('client: first bytes')).toBeLessThan(log.indexOf('answered /fragments/recommendations'));

    const errors: ParserError[] = [];
    const document = parse(page.text, { onParseError: (error) => errors.push(error) });
    expect(errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`)).toEqual([]);
    expect(document.childNodes.map((n) => n.nodeName)).toEqual(['#documentType', 'html']);
    // The failing fragment (503) gave way to its fallbackUrl's copy; the slow one is an async slot:
    // its placeholder keeps its place and it arrives after the footer; otherwise the template's order.
    expect(page.text).toContain('<section class="reviews reviews-cached">');
    expect(page.text).toContain('<h2>Picked for you</h2>');
    const order = ['site-header', 'hero-desktop', 'data-country="FR"', 'data-slot="recommendations"', 'reviews-cached', 'site-footer', 'Picked for you'].map((s) => page.text.indexOf(s));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
  });

  it('picks the hero by device and the promotions by country (escaped) per request', async () => {
    const page = await get(`${front}/`, { 'x-weft-device': 'isMobile=true; isTablet=false', 'x-weft-location': 'country=US' }, () => {});
    expect(page.text).toContain('<section class="hero hero-mobile">');
    expect(page.text).toContain('data-country="US"');
    expect(page.text).toContain('Free returns &lt;always&gt;');
  });
});
