/** Local simulation headers (docs/decisions.md) and the per-request trace. */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { serveWorker, type Served } from './harness.ts';

const NO_HANDLERS = 'export {};';

const REPORT = `
export function onClientRequest(request) {
  const l = request.userLocation, d = request.device;
  request.respondWith(200, { 'content-type': 'application/json' }, JSON.stringify({
    country: l && l.country, city: l && l.city, areaCodes: l && l.areaCodes,
    isMobile: d && d.isMobile, width: d && d.resolutionWidth,
    ip: request.clientIp, tier: request.getVariable('PMUSER_TIER'),
    sim: Object.keys(request.getHeaders()).filter((n) => n.startsWith('x-weft')),
    now: Date.now(),
  }));
}`;

describe('simulation headers (docs/decisions.md, local simulation)', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('x-weft-location/device/client-ip/variables/now set the request context, typed, and are removed before the handler sees the request', async () => {
    served = await serveWorker(REPORT);
    const reply = await served.send('/', {
      headers: {
        'x-weft-location': 'country=FR; city=PARIS; areaCodes=617,857',
        'x-weft-device': 'isMobile=true; resolutionWidth=1080',
        'x-weft-client-ip': '198.51.100.7',
        'x-weft-variables': 'PMUSER_TIER=gold',
        'x-weft-now': '2026-01-31T12:00:00Z',
      },
    });
    expect(JSON.parse(reply.body)).toEqual({
      country: 'FR', city: 'PARIS', areaCodes: ['617', '857'], isMobile: true, width: 1080,
      ip: '198.51.100.7', tier: 'gold', sim: [], now: Date.parse('2026-01-31T12:00:00Z'),
    });
  });

  it('without a location header or default every location field is undefined', async () => {
    served = await serveWorker(REPORT);
    const body = JSON.parse((await served.send('/')).body) as Record<string, unknown>;
    expect(body.country).toBeUndefined();
    expect(body.ip).toBe('127.0.0.1');
  });

  it('request headers override config defaults (header > --var > config)', async () => {
    served = await serveWorker(REPORT, { options: { variables: { PMUSER_TIER: 'silver' }, location: { country: 'US' } } });
    expect(JSON.parse((await served.send('/')).body)).toMatchObject({ tier: 'silver', country: 'US' });
    expect(JSON.parse((await served.send('/', { headers: { 'x-weft-variables': 'PMUSER_TIER=gold', 'x-weft-location': 'country=DE' } })).body)).toMatchObject({ tier: 'gold', country: 'DE' });
  });

  it('simulation headers never reach the origin', async () => {
    served = await serveWorker(NO_HANDLERS);
    await served.send('/', { headers: { 'x-weft-location': 'country=FR', 'x-weft-variables': 'PMUSER_A=1' } });
    expect(Object.keys(served.origin.seen[0]?.headers ?? {}).filter((name) => name.startsWith('x-weft'))).toEqual([]);
  });

  for (const [header, value, rule] of [
    ['x-weft-location', 'country', 'key=value'],
    ['x-weft-location', 'planet=MARS', 'unknown field'],
    ['x-weft-device', 'isMobile=maybe', 'true or false'],
    ['x-weft-bot', 'segment=robotic', 'segment must be one of'],
    ['x-weft-client-ip', 'not-an-ip', 'IPv4 or IPv6'],
    ['x-weft-variables', 'tier=gold', 'PMUSER_'],
    ['x-weft-now', 'tomorrow', 'ISO 8601'],
  ] as const) {
    it(`a bad ${header} (${value}) answers 400 naming the header and the rule; the server keeps serving`, async () => {
      served ??= await serveWorker(REPORT);
      const reply = await served.send('/', { headers: { [header]: value } });
      expect(reply.status).toBe(400);
      expect(reply.body).toContain(header);
      expect(reply.body).toContain(rule);
      expect((await served.send('/')).status).toBe(200);
    });
  }
});

describe('per-request trace', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('GET /__weft/trace/:id returns stages with status and times, header and variable changes, sub-requests, logs and the cache decision', async () => {
    served = await serveWorker(`
      import { httpRequest } from 'http-request';
      import { logger } from 'log';
      export async function onClientRequest(request) {
        request.setHeader('x-added', 'yes');
        request.setVariable('PMUSER_STEP', 'one');
        const r = await httpRequest('/api');
        logger.info('sub status %d', r.status);
      }
      export function onOriginResponse(request, response) { response.setHeader('x-orsp', '1'); }
    `);
    const reply = await served.send('/page', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
    const id = reply.header('x-weft-trace-id');
    await served.trace(reply);
    const response = await request(`${served.url}/__weft/trace/${id}`);
    expect(response.statusCode).toBe(200);
    const trace = (await response.body.json()) as import('@weft/runtime').Trace;
    expect(trace.id).toBe(id);
    expect(trace.complete).toBe(true);
    const creq = trace.stages.find((s) => s.stage === 'onClientRequest');
    expect(creq?.status).toBe('Success');
    expect(creq?.wallMs).toBeGreaterThan(0);
    expect(creq?.requestHeaderChanges).toEqual([{ name: 'x-added', before: [], after: ['yes'] }]);
    expect(creq?.variableChanges).toEqual([{ name: 'PMUSER_STEP', after: 'one' }]);
    expect(trace.stages.find((s) => s.stage === 'onOriginResponse')?.responseHeaderChanges).toEqual([{ name: 'x-orsp', before: [], after: ['1'] }]);
    expect(trace.subrequests).toHaveLength(1);
    expect(trace.subrequests[0]).toMatchObject({ handler: 'onClientRequest', id: 1, method: 'GET', status: 200 });
    expect(trace.logs).toEqual([expect.objectContaining({ handler: 'onClientRequest', level: 'info', message: 'sub status 200' })]);
    expect(trace.cache?.lookup).toBe('miss');
    expect(trace.response).toMatchObject({ status: 200, source: 'origin' });
    const { traceSchema } = await import('@weft/runtime');
    expect(traceSchema.safeParse(trace).success).toBe(true);
  });

  it('GET /__weft/traces lists recent traces, newest first; an unknown id is a 404 that says why', async () => {
    served = await serveWorker(NO_HANDLERS);
    const a = await served.send('/a');
    const b = await served.send('/b');
    await served.trace(a);
    await served.trace(b);
    const list = (await (await request(`${served.url}/__weft/traces`)).body.json()) as { traces: Array<{ request: { url: string } }> };
    expect(list.traces.map((t) => t.request.url)).toEqual(['/b', '/a']);
    const missing = await request(`${served.url}/__weft/trace/nope`);
    expect(missing.statusCode).toBe(404);
    expect(await missing.body.text()).toContain('nope');
  });
});
