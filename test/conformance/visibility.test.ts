/** spec §2.3: what each handler's changes are visible to. */
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorker, type Served } from './harness.ts';

const cacheable = (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
  res.end('cached body');
};

describe('§2.3 visibility rules', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§2.3 rule 1: onClientRequest header, variable and route changes reach every later handler and the origin', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { request.setHeader('x-from-creq', 'A'); request.setVariable('PMUSER_V', 'one'); }
      export function onOriginRequest(request) { request.setHeader('x-seen-by-oreq', String(request.getHeader('x-from-creq'))); }
      export function onOriginResponse(request, response) { response.setHeader('x-seen-by-orsp', String(request.getHeader('x-from-creq'))); }
      export function onClientResponse(request, response) {
        response.setHeader('x-seen-by-crsp', String(request.getHeader('x-from-creq')));
        response.setHeader('x-var', String(request.getVariable('PMUSER_V')));
      }
    `);
    const reply = await served.send('/');
    expect(served.origin.seen[0]?.headers['x-from-creq']).toBe('A');
    expect(served.origin.seen[0]?.headers['x-seen-by-oreq']).toBe('A');
    expect(reply.header('x-seen-by-orsp')).toBe('A');
    expect(reply.header('x-seen-by-crsp')).toBe('A');
    // §2.3 rule 5: a variable set in onClientRequest is readable in onClientResponse.
    expect(reply.header('x-var')).toBe('one');
  });

  it('§2.3 rule 2: onOriginRequest header changes go to the origin only; later handlers keep the onClientRequest view', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { request.setHeader('x-h', 'client'); }
      export function onOriginRequest(request) { request.setHeader('x-h', 'origin'); request.setHeader('x-oreq-only', '1'); }
      export function onOriginResponse(request, response) { response.setHeader('x-orsp-sees', String(request.getHeader('x-h'))); }
      export function onClientResponse(request, response) {
        response.setHeader('x-crsp-sees', String(request.getHeader('x-h')));
        response.setHeader('x-crsp-sees-oreq-only', String(request.getHeader('x-oreq-only')));
      }
    `);
    const reply = await served.send('/');
    expect(served.origin.seen[0]?.headers['x-h']).toBe('origin');
    expect(served.origin.seen[0]?.headers['x-oreq-only']).toBe('1');
    expect(reply.header('x-orsp-sees')).toBe('client');
    expect(reply.header('x-crsp-sees')).toBe('client');
    expect(reply.header('x-crsp-sees-oreq-only')).toBe('undefined');
  });

  it('§2.3 rule 3 / decision 13: onOriginResponse changes are stored with the cached object and reach onClientResponse', async () => {
    served = await serveWorker(`
      export function onOriginResponse(request, response) { response.setHeader('x-orsp', 'stored'); }
      export function onClientResponse(request, response) { response.setHeader('x-crsp-saw', String(response.getHeader('x-orsp'))); }
    `, { origin: cacheable });
    const first = await served.send('/c');
    const second = await served.send('/c');
    expect(first.header('x-weft-cache')).toBe('MISS');
    expect(second.header('x-weft-cache')).toBe('HIT');
    expect(served.origin.seen).toHaveLength(1);
    expect(second.header('x-orsp')).toBe('stored');
    expect(second.header('x-crsp-saw')).toBe('stored');
  });

  it('§2.3 rule 4: onClientResponse changes go to the client only, never into the cache', async () => {
    served = await serveWorker(`
      export function onClientResponse(request, response) {
        if (request.getHeader('x-mark')) response.setHeader('x-crsp', 'client-only');
      }
    `, { origin: cacheable });
    const first = await served.send('/c', { headers: { 'x-mark': '1' } });
    const second = await served.send('/c');
    expect(first.header('x-crsp')).toBe('client-only');
    expect(second.header('x-weft-cache')).toBe('HIT');
    expect(second.header('x-crsp')).toBeUndefined();
  });

  it('§2.3 rule 8 / §2.2: only responseProvider has body readers; onClientRequest cannot mutate in onOriginResponse', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { request.setVariable('PMUSER_KINDS', [typeof request.json, typeof request.route, typeof request.cacheKey].join(',')); }
      export function onOriginResponse(request, response) { response.setHeader('x-orsp-has-set', typeof request.setHeader); }
      export function onClientResponse(request, response) { response.setHeader('x-kinds', request.getVariable('PMUSER_KINDS')); }
    `);
    const reply = await served.send('/');
    expect(reply.header('x-kinds')).toBe('undefined,function,object');
    expect(reply.header('x-orsp-has-set')).toBe('undefined');
  });
});

describe('§2.3 rule 6: respondWith from every stage', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§2.3 rule 6: respondWith in onClientRequest skips cache, origin, responseProvider and origin handlers; onClientResponse still runs', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export function onClientRequest(request) { request.respondWith(418, { 'content-type': 'text/plain', 'x-a': ['1', '2'] }, 'teapot'); }
      export function onOriginRequest(request) { request.setHeader('x-oreq', 'ran'); }
      export function responseProvider() { return createResponse(200, {}, 'rp'); }
      export function onClientResponse(request, response) { response.setHeader('x-crsp', String(response.status)); }
    `);
    const reply = await served.send('/');
    expect(reply.status).toBe(418);
    expect(reply.body).toBe('teapot');
    expect(reply.headers['x-a']).toEqual(['1', '2']);
    expect(reply.header('x-crsp')).toBe('418');
    expect(served.origin.seen).toHaveLength(0);
    expect((await served.trace(reply)).stages.map((s) => s.stage)).toEqual(['onClientRequest', 'onClientResponse']);
  });

  it('§3.4: with several respondWith calls the last one wins', async () => {
    served = await serveWorker(`export function onClientRequest(request) { request.respondWith(200, {}, 'first'); request.respondWith(202, {}, 'last'); }`);
    const reply = await served.send('/');
    expect(reply.status).toBe(202);
    expect(reply.body).toBe('last');
  });

  it('§2.3 rule 6: respondWith in onOriginRequest means the origin is not contacted', async () => {
    served = await serveWorker(`
      export function onOriginRequest(request) { request.respondWith(200, { 'x-from': 'oreq' }, 'no origin'); }
      export function onOriginResponse(request, response) { response.setHeader('x-orsp', 'ran'); }
    `);
    const reply = await served.send('/');
    expect(reply.body).toBe('no origin');
    expect(reply.header('x-from')).toBe('oreq');
    expect(reply.header('x-orsp')).toBeUndefined();
    expect(served.origin.seen).toHaveLength(0);
  });

  it('§2.3 rule 6: respondWith in onOriginResponse replaces the origin response', async () => {
    served = await serveWorker(`export function onOriginResponse(request, response) { if (response.status === 200) request.respondWith(503, { 'x-from': 'orsp' }, 'replaced'); }`);
    const reply = await served.send('/');
    expect(reply.status).toBe(503);
    expect(reply.body).toBe('replaced');
    expect(reply.header('x-origin')).toBeUndefined();
    expect(served.origin.seen).toHaveLength(1);
  });

  it('§2.3 rule 6: respondWith in onClientResponse replaces the response sent to the client', async () => {
    served = await serveWorker(`export function onClientResponse(request, response) { request.respondWith(200, { 'x-from': 'crsp' }, 'final ' + response.status); }`);
    const reply = await served.send('/');
    expect(reply.body).toBe('final 200');
    expect(reply.header('x-from')).toBe('crsp');
  });

  it('§2.3 rule 6: respondWith in onBotSegmentAvailable skips cache and origin', async () => {
    served = await serveWorker(`export function onBotSegmentAvailable(request) { request.respondWith(403, {}, 'bot', 'bots not welcome'); }`);
    const reply = await served.send('/', { headers: { 'x-weft-bot': 'segment=aggressive' } });
    expect(reply.status).toBe(403);
    expect(reply.body).toBe('bot');
    expect(served.origin.seen).toHaveLength(0);
  });

  it('§3.4 / decision 12: response.status is writable in onClientResponse and checked', async () => {
    served = await serveWorker(`export function onClientResponse(request, response) { response.status = 299; }`);
    const reply = await served.send('/');
    expect(reply.status).toBe(299);
  });
});

describe('§3.4 respondWith headers', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§3.4 / §9: hop-by-hop headers a worker sets are dropped (with a trace warning) so the response stays well framed', async () => {
    served = await serveWorker(`import { createResponse } from 'create-response';
      export function responseProvider() { return createResponse(200, { 'Transfer-Encoding': 'chunked', 'Connection': 'x-gone', 'x-gone': '1', 'x-kept': '1' }, 'framed'); }`);
    const reply = await served.send('/');
    expect(reply.body).toBe('framed');
    expect(reply.header('x-kept')).toBe('1');
    expect(reply.header('x-gone')).toBeUndefined();
    expect((await served.trace(reply)).warnings.map((w) => w.code)).toContain('hop-by-hop');
  });
});
