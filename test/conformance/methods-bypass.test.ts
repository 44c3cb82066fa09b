/** spec §2.4 (decision 10) method rules and §2.5 bypass variables. */
import { afterEach, describe, expect, it } from 'vitest';
import { handlerStages, serveWorker, type Served } from './harness.ts';

const MARK_ALL = `
import { createResponse } from 'create-response';
export function onClientRequest(request) { request.setHeader('x-creq', 'ran'); }
export function onOriginRequest(request) { request.setHeader('x-oreq', 'ran'); }
export function onOriginResponse(request, response) { response.setHeader('x-orsp', 'ran'); }
export function onClientResponse(request, response) { response.setHeader('x-crsp', 'ran'); }
`;

describe('§2.4 methods (decision 10)', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    it(`§2.4: ${method} runs every handler`, async () => {
      served = await serveWorker(MARK_ALL);
      const reply = await served.send('/m', { method, ...(method === 'GET' || method === 'HEAD' ? {} : { body: 'payload' }) });
      expect(reply.header('x-crsp')).toBe('ran');
      expect(served.origin.seen[0]?.method).toBe(method);
      expect(served.origin.seen[0]?.headers['x-creq']).toBe('ran');
      if (method !== 'GET' && method !== 'HEAD') expect(served.origin.seen[0]?.body).toBe('payload');
    });
  }

  it('§2.4: OPTIONS runs no handler unless PMUSER_EW_ENABLE_OPTIONS is true', async () => {
    served = await serveWorker(MARK_ALL);
    const plain = await served.send('/o', { method: 'OPTIONS' });
    expect(plain.header('x-crsp')).toBeUndefined();
    expect(served.origin.seen[0]?.headers['x-creq']).toBeUndefined();
    const enabled = await served.send('/o', { method: 'OPTIONS', headers: { 'x-weft-variables': 'PMUSER_EW_ENABLE_OPTIONS=true' } });
    expect(enabled.header('x-crsp')).toBe('ran');
  });

  it('§2.4: TRACE never runs a handler: the request goes to the origin untouched', async () => {
    served = await serveWorker(MARK_ALL);
    const reply = await served.send('/t', { method: 'TRACE' });
    expect(reply.status).toBe(200);
    expect(reply.header('x-crsp')).toBeUndefined();
    expect(served.origin.seen[0]?.method).toBe('TRACE');
    expect(served.origin.seen[0]?.headers['x-creq']).toBeUndefined();
  });

  it('decision 10: TRACE with no origin configured answers 405', async () => {
    served = await serveWorker(MARK_ALL, { options: { origin: null } });
    const reply = await served.send('/t', { method: 'TRACE' });
    expect(reply.status).toBe(405);
  });
});

describe('§2.5 bypass variables', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  const cases: Array<[string, string, string]> = [
    ['PMUSER_BYPASS_EW_CLTREQ_EVENT', 'onClientRequest', 'x-creq'],
    ['PMUSER_BYPASS_EW_ORGNREQ_EVENT', 'onOriginRequest', 'x-oreq'],
    ['PMUSER_BYPASS_EW_ORGNRESP_EVENT', 'onOriginResponse', 'x-orsp'],
    ['PMUSER_BYPASS_EW_CLTRESP_EVENT', 'onClientResponse', 'x-crsp'],
  ];
  for (const [variable, handler, header] of cases) {
    it(`§2.5: ${variable}=true skips ${handler}`, async () => {
      served = await serveWorker(MARK_ALL, { options: { variables: { [variable]: 'true' } } });
      const reply = await served.send('/');
      const seen = served.origin.seen[0]?.headers ?? {};
      const marks = { 'x-creq': seen['x-creq'], 'x-oreq': seen['x-oreq'], 'x-orsp': reply.header('x-orsp'), 'x-crsp': reply.header('x-crsp') };
      for (const [name, value] of Object.entries(marks)) expect(value).toBe(name === header ? undefined : 'ran');
      expect(handlerStages(await served.trace(reply))).toContain(`${handler}:Bypassed`);
    });
  }

  it('§2.5: PMUSER_BYPASS_EW_RP_EVENT=true skips responseProvider, so the origin answers', async () => {
    served = await serveWorker(`import { createResponse } from 'create-response'; export function responseProvider() { return createResponse(200, {}, 'rp'); }`, { options: { variables: { PMUSER_BYPASS_EW_RP_EVENT: 'true' } } });
    const reply = await served.send('/');
    expect(reply.body).toBe('origin: GET /');
  });

  it('§2.5 / decision 19: PMUSER_BYPASS_EW_BOTSGMNT_EVENT=true skips onBotSegmentAvailable', async () => {
    served = await serveWorker(`export function onBotSegmentAvailable(request) { request.respondWith(200, {}, 'bsa'); }`);
    const reply = await served.send('/', { headers: { 'x-weft-bot': 'segment=human', 'x-weft-variables': 'PMUSER_BYPASS_EW_BOTSGMNT_EVENT=true' } });
    expect(reply.body).toBe('origin: GET /');
  });

  it('§2.5: a bypass variable the worker sets itself skips the later handler', async () => {
    served = await serveWorker(`${MARK_ALL}
      export function responseProvider() { return createResponse(200, {}, 'rp'); }
    `.replace("export function onClientRequest(request) { request.setHeader('x-creq', 'ran'); }", `export function onClientRequest(request) {
      request.setVariable('PMUSER_BYPASS_EW_CLTRESP_EVENT', 'true');
      request.setVariable('PMUSER_BYPASS_EW_RP_EVENT', 'true');
    }`));
    const reply = await served.send('/');
    expect(reply.body).toBe('origin: GET /');
    expect(reply.header('x-crsp')).toBeUndefined();
    expect(reply.header('x-orsp')).toBe('ran');
  });
});
