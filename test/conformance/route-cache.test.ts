/** spec §3.5 route() and §5 / decision 32 the cache model. */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorker, startOrigin, type Origin, type Served } from './harness.ts';

const NO_HANDLERS = 'export {};';

const withCacheControl = (value: string | undefined) => (req: { url?: string }, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain', ...(value === undefined ? {} : { 'cache-control': value }) });
  res.end(`body for ${req.url}`);
};

describe('§3.5 route()', () => {
  let served: Served | undefined;
  let other: Origin | undefined;
  afterEach(async () => { await served?.close(); await other?.close(); served = undefined; other = undefined; });

  it('§3.5: route({ path, query }) changes the forward path and query but not request.path/url', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { request.route({ path: '/rewritten/index.html', query: 'a=1' }); }
      export function onClientResponse(request, response) { response.setHeader('x-url', request.url); }
    `);
    const reply = await served.send('/original?b=2');
    expect(served.origin.seen[0]?.url).toBe('/rewritten/index.html?a=1');
    expect(reply.header('x-url')).toBe('/original?b=2');
  });

  it('§3.5: route({ origin }) sends the request to the named origin (originIds)', async () => {
    other = await startOrigin((req, res) => { res.writeHead(200); res.end(`other origin ${req.url}`); });
    served = await serveWorker(`export function onClientRequest(request) { request.route({ origin: 'api' }); }`, { options: { originIds: { api: other.url } } });
    const reply = await served.send('/x');
    expect(reply.body).toBe('other origin /x');
    expect(served.origin.seen).toHaveLength(0);
  });

  it('§3.5: an origin id that is not configured answers 502 naming the id and the setting', async () => {
    served = await serveWorker(`export function onClientRequest(request) { request.route({ origin: 'missing' }); }`);
    const reply = await served.send('/x');
    expect(reply.status).toBe(502);
    expect(reply.body).toContain('"missing"');
    expect(reply.body).toContain('--origin-id missing=URL');
  });
});

describe('§5 cache model', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§5: a response with max-age is a MISS then a HIT; the origin is asked once; Age is set', async () => {
    served = await serveWorker(NO_HANDLERS, { origin: withCacheControl('max-age=60') });
    const first = await served.send('/a');
    const second = await served.send('/a');
    expect(first.header('x-weft-cache')).toBe('MISS');
    expect(second.header('x-weft-cache')).toBe('HIT');
    expect(second.body).toBe('body for /a');
    expect(second.header('age')).toBeDefined();
    expect(served.origin.seen).toHaveLength(1);
    const trace = await served.trace(second);
    expect(trace.cache?.lookup).toBe('hit');
    expect((await served.trace(first)).cache).toMatchObject({ lookup: 'miss', stored: true, ttlSeconds: 60 });
  });

  it('§5: the default key includes the whole query string', async () => {
    served = await serveWorker(NO_HANDLERS, { origin: withCacheControl('max-age=60') });
    await served.send('/q?x=1');
    const other = await served.send('/q?x=2');
    expect(other.header('x-weft-cache')).toBe('MISS');
  });

  it('§5: excludeQueryString() makes requests that differ only in the query share one object', async () => {
    served = await serveWorker(`export function onClientRequest(request) { request.cacheKey.excludeQueryString(); }`, { origin: withCacheControl('max-age=60') });
    await served.send('/q?x=1');
    const other = await served.send('/q?x=2');
    expect(other.header('x-weft-cache')).toBe('HIT');
    expect(other.body).toBe('body for /q?x=1');
  });

  it('§5: includeHeader() keys on the end-user header', async () => {
    served = await serveWorker(`export function onClientRequest(request) { request.cacheKey.includeHeader('X-Variant'); }`, { origin: withCacheControl('max-age=60') });
    await served.send('/h', { headers: { 'x-variant': 'a' } });
    expect((await served.send('/h', { headers: { 'x-variant': 'b' } })).header('x-weft-cache')).toBe('MISS');
    expect((await served.send('/h', { headers: { 'x-variant': 'a' } })).header('x-weft-cache')).toBe('HIT');
  });

  it('§5: no-store and private responses are not stored; no freshness and no default TTL is not stored', async () => {
    for (const value of ['no-store', 'private, max-age=60', undefined]) {
      served = await serveWorker(NO_HANDLERS, { origin: withCacheControl(value) });
      await served.send('/n');
      const second = await served.send('/n');
      expect(second.header('x-weft-cache')).toBe('MISS');
      expect(served.origin.seen).toHaveLength(2);
      await served.close();
      served = undefined;
    }
  });

  it('§5: the config default TTL stores responses without freshness of their own', async () => {
    served = await serveWorker(NO_HANDLERS, { origin: withCacheControl(undefined), options: { cache: { defaultTtlSeconds: 30 } } });
    await served.send('/d');
    expect((await served.send('/d')).header('x-weft-cache')).toBe('HIT');
  });

  it('§5: no-cache is stored but every use is STALE and refetched', async () => {
    served = await serveWorker(NO_HANDLERS, { origin: withCacheControl('no-cache') });
    await served.send('/s');
    const second = await served.send('/s');
    expect(second.header('x-weft-cache')).toBe('STALE');
    expect(served.origin.seen).toHaveLength(2);
  });

  it('§2.1: responseProvider output is cacheable by the same rules', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      let calls = 0;
      export function responseProvider() { calls++; return createResponse(200, { 'cache-control': 'max-age=60' }, 'rp call ' + calls); }
    `);
    const first = await served.send('/rp');
    const second = await served.send('/rp');
    expect(first.body).toBe('rp call 1');
    expect(second.body).toBe('rp call 1');
    expect(second.header('x-weft-cache')).toBe('HIT');
  });

  it('§9 / §5: a streamed responseProvider body is stored as it streams and served whole from the cache', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      import { ReadableStream } from 'streams';
      import { TextEncoderStream } from 'text-encode-transform';
      let calls = 0;
      export function responseProvider() {
        calls++;
        let i = 0;
        const text = new ReadableStream({ pull(controller) { if (i < 5) controller.enqueue('part' + i++ + ';'); else controller.close(); } });
        return createResponse(200, { 'cache-control': 'max-age=60', 'x-call': String(calls) }, text.pipeThrough(new TextEncoderStream()));
      }
    `);
    const first = await served.send('/stream');
    const second = await served.send('/stream');
    expect(first.body).toBe('part0;part1;part2;part3;part4;');
    expect(second.body).toBe(first.body);
    expect(second.header('x-weft-cache')).toBe('HIT');
    expect(second.header('x-call')).toBe('1');
    expect(second.header('content-length')).toBe(String(first.body.length));
  });

  it('decision 32: Pragma akamai-x-get-true-cache-key returns X-True-Cache-Key; akamai-x-cache-on returns X-Cache', async () => {
    served = await serveWorker(`export function onClientRequest(request) { request.cacheKey.includeQueryArgument('q'); }`, { origin: withCacheControl('max-age=60') });
    const first = await served.send('/search?s=x&q=something', { headers: { pragma: 'akamai-x-get-true-cache-key, akamai-x-cache-on', host: 'www.example.com' } });
    expect(first.header('x-true-cache-key')).toBe('/X/XXX/www.example.com/search?q=something');
    expect(first.header('x-cache')).toMatch(/^TCP_MISS /);
    const second = await served.send('/search?s=y&q=something', { headers: { pragma: 'akamai-x-cache-on', host: 'www.example.com' } });
    expect(second.header('x-cache')).toMatch(/^TCP_HIT /);
  });

  it('§22.6: Pragma akamai-x-ew-debug-rp bypasses the cache', async () => {
    served = await serveWorker(NO_HANDLERS, { origin: withCacheControl('max-age=60') });
    await served.send('/b');
    const debug = await served.send('/b', { headers: { pragma: 'akamai-x-ew-debug-rp' } });
    expect(debug.header('x-weft-cache')).toBe('BYPASS');
    expect(served.origin.seen).toHaveLength(2);
  });
});
