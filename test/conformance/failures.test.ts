/** spec §2.6 failure modes, decisions 1, 20, 28, and the limits of §21.1. */
import { afterEach, describe, expect, it } from 'vitest';
import { handlerStages, serveWorker, startOrigin, type Served } from './harness.ts';

const RP_THEN_ORIGIN = (rpBody: string) => `
import { createResponse } from 'create-response';
export function onClientResponse(request, response) { response.setHeader('x-crsp', 'ran'); }
export async function responseProvider(request) { ${rpBody} }
`;

describe('§2.6 handler failures', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  for (const handler of ['onClientRequest', 'onOriginRequest', 'onOriginResponse', 'onClientResponse']) {
    it(`§2.6: an exception in ${handler} fails the request with 500, text/html, Server: AkamaiGHost`, async () => {
      const args = handler.includes('Response') ? 'request, response' : 'request';
      served = await serveWorker(`export function ${handler}(${args}) { calling_undefined_fn(); }`);
      const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug' } });
      expect(reply.status).toBe(500);
      expect(reply.header('content-type')).toBe('text/html');
      expect(reply.header('server')).toBe('AkamaiGHost');
      expect(reply.header(`x-akamai-edgeworker-${handler.toLowerCase()}-info`)).toBe('ew=42 v1.0:conformance; status=Failed');
      const trace = await served.trace(reply);
      const stage = trace.stages.find((s) => s.stage === handler);
      expect(stage?.status).toBe('ExecutionError');
      expect(stage?.error?.name).toBe('ReferenceError');
      expect(stage?.error?.frames[0]?.file).toBe('main.js');
    });
  }

  it('§2.6: a rejected handler promise is an ExecutionError too', async () => {
    served = await serveWorker(`export async function onClientRequest() { await null; throw new TypeError('late'); }`);
    const reply = await served.send('/');
    expect(reply.status).toBe(500);
    expect((await served.trace(reply)).stages[0]?.error).toMatchObject({ name: 'TypeError', message: 'late' });
  });

  it('decision 20: under Continue on error a failed onClientRequest is ignored and responseProvider is skipped', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export function onClientRequest(request) { request.setHeader('x-partial', '1'); throw new Error('boom'); }
      export function responseProvider() { return createResponse(200, {}, 'rp'); }
      export function onClientResponse(request, response) { response.setHeader('x-crsp', 'ran'); }
    `, { options: { continueOnError: true } });
    const reply = await served.send('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('origin: GET /');
    expect(reply.header('x-crsp')).toBe('ran');
    expect(handlerStages(await served.trace(reply))).toContain('onClientRequest:ExecutionError');
  });

  it('decision 20: under Continue on error a failed onOriginRequest drops its changes and the origin is still asked', async () => {
    served = await serveWorker(`export function onOriginRequest(request) { request.setHeader('x-partial', '1'); throw new Error('boom'); }`, { options: { continueOnError: true } });
    const reply = await served.send('/');
    expect(reply.status).toBe(200);
    expect(served.origin.seen[0]?.headers['x-partial']).toBeUndefined();
  });

  it('decision 1: a failing responseProvider goes to the origin by default', async () => {
    served = await serveWorker(RP_THEN_ORIGIN(`throw new Error('rp broke');`));
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug-rp' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('origin: GET /');
    expect(reply.header('x-crsp')).toBe('ran');
    expect(reply.header('x-akamai-edgeworker-responseprovider-info')).toBe('ew=42 v1.0:conformance; status=Failed');
  });

  it('decision 1: with responseProviderFailure "error" a failing responseProvider answers 500, even under Continue on error (decision 20)', async () => {
    served = await serveWorker(RP_THEN_ORIGIN(`throw new Error('rp broke');`), { options: { responseProviderFailure: 'error', continueOnError: true } });
    const reply = await served.send('/');
    expect(reply.status).toBe(500);
    expect(reply.header('server')).toBe('AkamaiGHost');
    expect(served.origin.seen).toHaveLength(0);
  });

  it('decision 28: a responseProvider resolving to something else than createResponse() is an ExecutionError naming it', async () => {
    served = await serveWorker(RP_THEN_ORIGIN(`return { status: 200, body: 'plain object' };`));
    const reply = await served.send('/');
    expect(reply.body).toBe('origin: GET /');
    const stage = (await served.trace(reply)).stages.find((s) => s.stage === 'responseProvider');
    expect(stage?.status).toBe('ExecutionError');
    expect(stage?.error?.message).toContain('an object (Object)');
    expect(stage?.error?.message).toContain('createResponse');
  });
});

describe('§2.6 init failures', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§2.6: top-level code that throws fails every request with 500 and the status in the debug header, whatever is exported', async () => {
    served = await serveWorker(`throw new Error('init broke');\nexport function onClientResponse() {}`);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
    expect(reply.status).toBe(500);
    expect(reply.header('x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=ExecutionError; status_msg=.*init\+broke/);
    expect(served.origin.seen).toHaveLength(0);
  });
});

describe('§21.1 limits', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§1.5 / §21.1: a handler that never settles fails with WallTimeoutError at the wall limit; the server keeps serving', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { if (request.path === '/hang') return new Promise(() => {}); }
    `, { overrides: { wallMs: 150 } });
    const hung = await served.send('/hang', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 'any-token' } });
    expect(hung.status).toBe(500);
    expect(hung.header('x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=WallTimeoutError/);
    const next = await served.send('/ok');
    expect(next.status).toBe(200);
  });

  it('§21.1: allocating past the tier memory limit fails with ResourceLimit', async () => {
    // Module state keeps the allocation reachable, so it is heap in use, not garbage.
    served = await serveWorker(`
      const keep = [];
      export function onClientRequest(request) {
        for (let i = 0; i < 200000; i++) keep.push({ i, s: 'x' + i });
        request.setVariable('PMUSER_N', String(keep.length));
      }
    `, { options: { tier: 100 } });
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
    expect(reply.status).toBe(500);
    expect(reply.header('x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=ResourceLimit/);
  });

  it('§21.1: a sub-request past the per-handler count rejects (tier 100: 2 per handler)', async () => {
    served = await serveWorker(`
      import { httpRequest } from 'http-request';
      export async function onClientRequest(request) {
        const results = [];
        for (let i = 0; i < 3; i++) {
          try { const r = await httpRequest('/sub' + i); results.push(r.status); } catch (e) { results.push('rejected'); }
        }
        request.respondWith(200, {}, results.join(','));
      }
    `, { options: { tier: 100 } });
    const reply = await served.send('/');
    expect(reply.body).toBe('200,200,rejected');
  });
});

describe('decisions 21 and 23: sub-request hosts', () => {
  let served: Served | undefined;
  let api: Awaited<ReturnType<typeof startOrigin>> | undefined;
  afterEach(async () => { await served?.close(); await api?.close(); served = undefined; api = undefined; });

  it('a host from the host map reaches its URL for https:// too; any other host rejects naming the host and the setting', async () => {
    api = await startOrigin((req, res) => { res.writeHead(200); res.end(`api ${req.url}`); });
    served = await serveWorker(`
      import { httpRequest } from 'http-request';
      export async function onClientRequest(request) {
        const mapped = await (await httpRequest('https://api.example.com/v1/items')).text();
        let other;
        try { await httpRequest('https://elsewhere.example.org/'); other = 'resolved'; } catch (e) { other = e.message; }
        request.respondWith(200, {}, mapped + ' | ' + other);
      }
    `, { options: { hosts: { 'api.example.com': api.url } } });
    const reply = await served.send('/');
    const [mapped, other] = reply.body.split(' | ');
    expect(mapped).toBe('api /v1/items');
    expect(other).toContain('elsewhere.example.org');
    expect(other).toMatch(/--host|hosts/);
  });
});

describe('decision 1: the client body after a failed responseProvider', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('a responseProvider that fails without reading the body leaves it for the origin', async () => {
    served = await serveWorker(`export function responseProvider() { throw new Error('no'); }`);
    const reply = await served.send('/post', { method: 'POST', body: 'kept body' });
    expect(reply.body).toBe('origin: POST /post body=kept body');
  });
});
