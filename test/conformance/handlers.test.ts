/** spec §2.1: each handler runs when the event model says, with what it says. */
import { afterEach, describe, expect, it } from 'vitest';
import { handlerStages, serveWorker, type Served } from './harness.ts';

const ALL_FOUR = `
export function onClientRequest(request) { request.setHeader('x-creq', 'ran'); }
export function onOriginRequest(request) { request.setHeader('x-oreq', 'ran'); }
export function onOriginResponse(request, response) { response.setHeader('x-orsp', 'ran'); }
export function onClientResponse(request, response) { response.setHeader('x-crsp', 'ran'); }
`;

describe('§2.1 handler table', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('§2.1: onClientRequest → onOriginRequest → origin → onOriginResponse → onClientResponse on a miss', async () => {
    served = await serveWorker(ALL_FOUR);
    const reply = await served.send('/page?x=1');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('origin: GET /page?x=1');
    expect(reply.header('x-orsp')).toBe('ran');
    expect(reply.header('x-crsp')).toBe('ran');
    expect(served.origin.seen[0]?.headers['x-creq']).toBe('ran');
    expect(served.origin.seen[0]?.headers['x-oreq']).toBe('ran');
    const trace = await served.trace(reply);
    expect(handlerStages(trace)).toEqual(['onClientRequest:Success', 'onOriginRequest:Success', 'onOriginResponse:Success', 'onClientResponse:Success']);
  });

  it('§2.1: a handler the bundle does not export is UnimplementedEventHandler, not an error (§1.1)', async () => {
    served = await serveWorker(`export function onClientResponse(request, response) { response.setHeader('x-only', 'crsp'); }`);
    const reply = await served.send('/');
    expect(reply.status).toBe(200);
    expect(reply.header('x-only')).toBe('crsp');
    const trace = await served.trace(reply);
    expect(handlerStages(trace)).toEqual(['onClientRequest:UnimplementedEventHandler', 'onOriginRequest:UnimplementedEventHandler', 'onOriginResponse:UnimplementedEventHandler', 'onClientResponse:Success']);
  });

  it('§2.1 / decision 19: onBotSegmentAvailable runs after onClientRequest only when the request has a bot segment', async () => {
    served = await serveWorker(`
      export function onClientRequest(request) { request.setVariable('PMUSER_ORDER', 'creq'); }
      export function onBotSegmentAvailable(request) {
        request.setVariable('PMUSER_ORDER', request.getVariable('PMUSER_ORDER') + ',bsa');
        if (request.botScore.responseSegment.isStrictResponse()) request.respondWith(429, { 'x-segment': 'strict' }, 'slow down');
      }
      export function onClientResponse(request, response) { response.setHeader('x-order', request.getVariable('PMUSER_ORDER')); }
    `);
    const human = await served.send('/', { headers: { 'x-weft-bot': 'segment=human' } });
    expect(human.status).toBe(200);
    expect(human.header('x-order')).toBe('creq,bsa');
    const strict = await served.send('/', { headers: { 'x-weft-bot': 'segment=strict' } });
    expect(strict.status).toBe(429);
    expect(strict.body).toBe('slow down');
    const none = await served.send('/');
    expect(none.header('x-order')).toBe('creq');
    expect(handlerStages(await served.trace(none))).not.toContain('onBotSegmentAvailable:Success');
  });

  it('decision 19: a Bot Manager deny answers 403 without running onBotSegmentAvailable', async () => {
    served = await serveWorker(`export function onBotSegmentAvailable(request) { request.respondWith(200, {}, 'let in'); }`);
    const reply = await served.send('/', { headers: { 'x-weft-bot': 'segment=aggressive; action=deny' } });
    expect(reply.status).toBe(403);
    expect(served.origin.seen).toHaveLength(0);
    expect(handlerStages(await served.trace(reply))).not.toContain('onBotSegmentAvailable:Success');
  });

  it('decision 19: with PMUSER_EXECUTE_EW_ON_WAF_DENY=true onBotSegmentAvailable runs on a deny and may answer', async () => {
    served = await serveWorker(`export function onBotSegmentAvailable(request) { request.respondWith(200, {}, 'let in'); }`, { options: { variables: { PMUSER_EXECUTE_EW_ON_WAF_DENY: 'true' } } });
    const reply = await served.send('/', { headers: { 'x-weft-bot': 'segment=aggressive; action=deny' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('let in');
  });

  it('§2.1: responseProvider replaces the origin on a miss; onOriginRequest/onOriginResponse do not run; onClientResponse does', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export function onOriginRequest(request) { request.setHeader('x-oreq', 'ran'); }
      export function onOriginResponse(request, response) { response.setHeader('x-orsp', 'ran'); }
      export function onClientResponse(request, response) { response.setHeader('x-crsp', 'ran'); }
      export async function responseProvider(request) {
        return createResponse(201, { 'content-type': ['text/plain'] }, 'from RP ' + request.path);
      }
    `);
    const reply = await served.send('/rp');
    expect(reply.status).toBe(201);
    expect(reply.body).toBe('from RP /rp');
    expect(reply.header('x-crsp')).toBe('ran');
    expect(reply.header('x-orsp')).toBeUndefined();
    expect(served.origin.seen).toHaveLength(0);
    expect(handlerStages(await served.trace(reply))).toEqual(['onClientRequest:UnimplementedEventHandler', 'responseProvider:Success', 'onClientResponse:Success']);
  });

  it('§3.6: responseProvider reads the client request body; other handlers cannot', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export function onClientRequest(request) { request.setVariable('PMUSER_HAS_TEXT', String(typeof request.text)); }
      export async function responseProvider(request) {
        const body = await request.text();
        return createResponse(200, {}, 'got ' + body + ' ' + request.getVariable('PMUSER_HAS_TEXT'));
      }
    `);
    const reply = await served.send('/submit', { method: 'POST', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reply.body).toBe('got a=1&b=2 undefined');
  });
});
