/**
 * Sub-requests through the cache (issue 17, platform §10): a sub-request to a mapped host is looked
 * up in and stored to the runtime's cache under the client cache's freshness rules, per host and
 * GET only, with each pass in the trace and in `x-weft-subrequest-cache`. Real worker bundles in
 * the real sandbox, real loopback origins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseRuntimeOptions } from '@weft/runtime';
import { serveWorker, startOrigin, type Origin, type Served } from '../conformance/harness.ts';

/** A worker whose responseProvider fetches `url` (GET unless `?method=`) and answers the body and the `age` it saw. */
const FETCHER = `
  import { createResponse } from 'create-response';
  import { httpRequest } from 'http-request';
  export async function responseProvider(request) {
    const params = new Map(request.query.split('&').map((pair) => pair.split('=')));
    const sub = await httpRequest('https://frag.example' + request.path, { method: params.get('method') ?? 'GET' });
    const text = await sub.text();
    return createResponse(200, { 'x-sub-age': [sub.getHeader('age')?.[0] ?? 'none'], 'x-sub-status': [String(sub.status)] }, text);
  }
`;

describe('sub-requests through the cache', () => {
  let served: Served | undefined;
  let frag: Origin | undefined;
  afterEach(async () => {
    await served?.close();
    await frag?.close();
    served = undefined;
    frag = undefined;
  });

  async function serve(headers: Record<string, string>, options: Record<string, unknown> = {}): Promise<Served> {
    let count = 0;
    frag = await startOrigin((req, res) => {
      count += 1;
      res.writeHead(200, { 'content-type': 'text/plain', ...headers });
      res.end(`fragment ${req.url ?? ''} #${count}`);
    });
    served = await serveWorker(FETCHER, { options: { hosts: { 'frag.example': frag.url }, ...options } });
    return served;
  }

  it('serves a fragment from the cache on the second request: hit in the trace and the header, the origin asked once', async () => {
    const edge = await serve({ 'cache-control': 'max-age=60' });
    const first = await edge.send('/header');
    expect(first.body).toBe('fragment /header #1');
    expect(first.header('x-weft-subrequest-cache')).toBe('evt=RP; id=1; cache=MISS; stored=1; url="https://frag.example/header"');
    const firstTrace = await edge.trace(first);
    expect(firstTrace.subrequests[0]?.cache).toMatchObject({ lookup: 'miss', key: '/X/XXX/frag.example/header', stored: true, ttlSeconds: 60, reason: 'Cache-Control: max-age=60' });

    const second = await edge.send('/header');
    expect(second.body).toBe('fragment /header #1');
    expect(second.header('x-sub-age')).toBe('0');
    expect(second.header('x-weft-subrequest-cache')).toBe('evt=RP; id=1; cache=HIT; url="https://frag.example/header"');
    const trace = await edge.trace(second);
    expect(trace.subrequests[0]).toMatchObject({ status: 200, cache: { lookup: 'hit', stored: false, ageSeconds: 0 } });
    expect(trace.subrequests[0]?.totalDurationMs).toBeDefined();
    expect(frag?.seen.map((r) => r.url)).toEqual(['/header']);
    // A different URL is a different object.
    expect((await edge.send('/footer')).body).toBe('fragment /footer #2');
  });

  it('keeps the age an answer arrived with, so a composition derives its freshness from what is left', async () => {
    const edge = await serve({ 'cache-control': 'max-age=60', age: '20' });
    await edge.send('/header');
    const second = await edge.send('/header');
    expect(second.header('x-sub-age')).toBe('20');
    expect((await edge.trace(second)).subrequests[0]?.cache).toMatchObject({ lookup: 'hit', ageSeconds: 20 });
  });

  it('stores nothing the freshness rules keep out (no-store), and says why', async () => {
    const edge = await serve({ 'cache-control': 'no-store' });
    await edge.send('/header');
    const second = await edge.send('/header');
    expect(second.body).toBe('fragment /header #2');
    expect((await edge.trace(second)).subrequests[0]?.cache).toMatchObject({ lookup: 'miss', stored: false, reason: 'Cache-Control: no-store' });
  });

  it('revalidates a no-cache answer on every use: stale, fetched again and stored again', async () => {
    const edge = await serve({ 'cache-control': 'no-cache' });
    await edge.send('/header');
    const second = await edge.send('/header');
    expect(second.body).toBe('fragment /header #2');
    expect(second.header('x-weft-subrequest-cache')).toContain('cache=STALE; stored=1');
  });

  it('bypasses the cache for methods other than GET', async () => {
    const edge = await serve({ 'cache-control': 'max-age=60' });
    await edge.send('/header?method=POST');
    const second = await edge.send('/header?method=POST');
    expect(second.body).toBe('fragment /header #2');
    expect((await edge.trace(second)).subrequests[0]?.cache).toMatchObject({ lookup: 'bypass', reason: 'method POST is not cached' });
  });

  it('leaves a host out when the config says so, and every host when the cache is off', async () => {
    const edge = await serve({ 'cache-control': 'max-age=60' }, { subrequestCache: { 'frag.example': false } });
    await edge.send('/header');
    const second = await edge.send('/header');
    expect(second.body).toBe('fragment /header #2');
    expect(second.header('x-weft-subrequest-cache')).toBeUndefined();
    expect((await edge.trace(second)).subrequests[0]?.cache).toBeUndefined();
    await served?.close();
    await frag?.close();
    const off = await serve({ 'cache-control': 'max-age=60' }, { cache: { enabled: false } });
    await off.send('/header');
    expect((await off.send('/header')).body).toBe('fragment /header #2');
  });

  it('shares objects with client requests for the same URL (one cache, one key shape)', async () => {
    const edge = await serve({ 'cache-control': 'max-age=60' });
    await edge.send('/header');
    // A client request for https://frag.example/header finds what the sub-request stored.
    const client = await edge.send('/header', { headers: { host: 'frag.example' } });
    expect(client.header('x-weft-cache')).toBe('HIT');
    expect(client.body).toBe('fragment /header #1');
    expect((await edge.trace(client)).cache?.key).toBe('/X/XXX/frag.example/header');
  });

  it('refuses a per-host setting for a host that is not mapped, naming the mapped ones', () => {
    expect(() => parseRuntimeOptions({ hosts: { 'frag.example': 'http://127.0.0.1:9' }, subrequestCache: { 'frg.example': false } })).toThrow(
      'config "subrequestCache.frg.example": host "frg.example" is not a key of "hosts" (mapped: frag.example); map it in "hosts" first, or remove it here',
    );
  });
});
