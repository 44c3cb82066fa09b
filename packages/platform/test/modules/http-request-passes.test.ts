/**
 * What a sub-request passes through besides the network (issue 17): the property's cache, which
 * the host policy hands the module (HostPolicy.cache, implemented by the runtime), and another
 * local app run as a subWorker (HostPolicy.subWorkers). The cache here is a small one of the test's
 * own, so the module's side of the contract is what is checked: when it asks, what a hit answers
 * without dialling, what a miss gives the store; and what a subWorker call sends and keeps back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInvocation, type CachedAnswer, type SubrequestCache, type SubrequestCacheInfo } from '../../src/host/invocation.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { httpRequest, type HttpResponse } from '../../src/modules/http-request/index.ts';
import { makeContext, type TestContext } from './helpers.ts';

let server: Server;
let base = '';
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  linkHostRealm();
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/cut') {
      // Promises 10000 bytes, sends 100, then drops the connection.
      res.writeHead(200, { 'content-length': '10000', 'cache-control': 'max-age=60' });
      res.write('y'.repeat(100), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (req.url === '/sub') {
      res.writeHead(200, { 'x-weft-trace-id': 'child-1', 'x-weft-subworker-status': 'subWorker limit hit', 'x-weft-cache': 'MISS', 'x-app': 'reco' });
      res.end('from the app');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
    res.end(`origin ${req.url ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A cache of the test's own: a Map by URL, every answer admitted. */
function mapCache(): SubrequestCache & { stored: Map<string, CachedAnswer>; asked: string[] } {
  const stored = new Map<string, CachedAnswer>();
  const asked: string[] = [];
  return {
    stored,
    asked,
    pass(url, method) {
      asked.push(`${method} ${url.href}`);
      const hit = stored.get(url.href);
      const info: SubrequestCacheInfo = { lookup: hit === undefined ? 'miss' : 'hit', key: url.href, stored: false };
      let head: { status: number; headers: Array<[string, string]> } | undefined;
      return {
        info,
        hit,
        admit(status, headers) {
          head = { status, headers };
          return true;
        },
        store(body) {
          if (head === undefined) return;
          stored.set(url.href, { ...head, body });
          info.stored = true;
        },
      };
    },
  };
}

function request(ctx: TestContext, url: string): Promise<HttpResponse> {
  return runInvocation(ctx, () => httpRequest(url));
}

describe('http-request: the cache pass', () => {
  it('asks for mapped hosts only; a hit answers without dialling, a miss gives the store the whole body', async () => {
    const cache = mapCache();
    const ctx = makeContext({ hosts: { 'frag.example': base }, requestHost: 'www.example.com', defaultOrigin: base });
    ctx.hostPolicy.cache = cache;
    const before = seen.length;

    const miss = await request(ctx, 'https://frag.example/a');
    expect(await miss.text()).toBe('origin /a');
    expect(Buffer.from(cache.stored.get('https://frag.example/a')?.body ?? []).toString()).toBe('origin /a');
    expect(ctx.records[0]?.cache).toMatchObject({ lookup: 'miss', stored: true });

    const hit = await request(ctx, 'https://frag.example/a');
    expect(hit.status).toBe(200);
    expect(hit.getHeader('cache-control')).toEqual(['max-age=60']);
    expect(await hit.text()).toBe('origin /a');
    expect(seen.length - before).toBe(1);
    const record = ctx.records[1];
    expect(record).toMatchObject({ status: 200, cache: { lookup: 'hit' } });
    expect(record?.totalDurationMs).toBeDefined();

    // The request's own host goes to the default origin, not through this pass.
    await (await request(ctx, 'https://www.example.com/own')).text();
    expect(cache.asked).toEqual(['GET https://frag.example/a', 'GET https://frag.example/a']);
  });

  it('stores nothing of a body the origin cut short', async () => {
    const cache = mapCache();
    const ctx = makeContext({ hosts: { 'frag.example': base } });
    ctx.hostPolicy.cache = cache;
    const response = await request(ctx, 'https://frag.example/cut');
    await expect(response.text()).rejects.toThrow();
    expect(cache.stored.has('https://frag.example/cut')).toBe(false);
    expect(ctx.records[0]?.cache).toMatchObject({ lookup: 'miss', stored: false });
  });
});

describe('http-request: a subWorker call', () => {
  it("names the tree in x-weft-subworker, and keeps Weft's headers of the answer from the worker", async () => {
    const ctx = makeContext({ hosts: { 'reco.example': base } });
    ctx.hostPolicy.subWorkers = { apps: new Map([['reco.example', 'reco']]), traceId: 'page-1', rootId: 'root-1', depth: 1 };
    ctx.hostPolicy.cache = mapCache();
    const response = await request(ctx, 'https://reco.example/sub');
    expect(await response.text()).toBe('from the app');
    expect(seen.at(-1)?.headers['x-weft-subworker']).toBe('root=root-1; parent=page-1; depth=2; tree=rp');
    expect(Object.keys(response.getHeaders()).filter((name) => name.startsWith('x-weft-'))).toEqual([]);
    expect(response.getHeader('x-app')).toEqual(['reco']);
    const record = ctx.records[0];
    expect(record?.subWorker).toEqual({ app: 'reco', traceId: 'child-1', depth: 2 });
    expect(record?.notes.join(' ')).toContain('subWorker limit hit');
    // The called app's pipeline has the cache; the caller's is not asked.
    expect(record?.cache).toBeUndefined();
  });
});
