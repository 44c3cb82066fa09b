/**
 * Both edges run the real pipeline (src/pipeline, the default) unchanged: what a worker observes
 * and what the client gets must not depend on whether the request crossed a thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgePool } from '../../src/isolation/edge-pool.ts';
import { InProcessEdge } from '../../src/isolation/in-process-edge.ts';
import type { Edge } from '../../src/isolation/types.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { header, request, text } from './helpers.ts';

const WORKER = `import { logger } from 'log';
export function onClientRequest(request) {
  logger.log('path %s', request.path);
  if (request.path === '/loop') { for (;;) {} }
  if (request.path === '/throw') missing_function();
  request.respondWith(200, { 'content-type': 'text/plain' }, 'at ' + new Date().toISOString() + ' ' + typeof process + ' ' + typeof setTimeout);
}
`;

const DEBUG: Array<[string, string]> = [['host', 'www.example.com'], ['pragma', 'akamai-x-ew-debug'], ['akamai-ew-trace', 'token']];
const bundle = writeBundle({ 'main.js': WORKER, 'bundle.json': '{"edgeworker-version":"2.0"}' });
const options = { tier: 200, clock: '2030-01-01T00:00:00Z', ewId: 9, name: 'EW for example.com' };

describe.each([
  ['InProcessEdge', () => InProcessEdge.create({ bundle, options })],
  ['EdgePool', () => EdgePool.create({ bundle, options, spare: false })],
])('%s with the real pipeline', (_name, create) => {
  let edge: Edge;
  beforeAll(async () => {
    edge = await create();
  });
  afterAll(() => edge.close());

  it('runs onClientRequest with frozen time, no Node globals, and source-mapped logs (§16, decisions 17, 18, 33)', async () => {
    const response = await edge.handle(request('/hello', { headers: DEBUG }));
    expect(response.status).toBe(200);
    expect(await text(response)).toBe('at 2030-01-01T00:00:00.000Z undefined undefined');
    expect(header(response, 'x-akamai-edgeworker-onclientrequest-info')).toMatch(/^ew=9 v2\.0:EW for example\.com; status=Success/);
    expect(header(response, 'x-akamai-edgeworker-onclientrequest-log')).toBe('D:main.js:3 path /hello');
  });

  it('reports an uncaught error with main.js frames in status_msg (§22.4)', async () => {
    const response = await edge.handle(request('/throw', { headers: DEBUG }));
    expect(response.status).toBe(500);
    expect(header(response, 'x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=ExecutionError; status_msg=main\.js:onClientRequest:5:34\+ReferenceError:\+missing_function\+is\+not\+defined/);
  });
});

describe('EdgePool with the real pipeline and a stuck handler', () => {
  it('answers the culprit with 500 and the CpuTimeoutError info header, then keeps serving (§2.6, §21.1)', async () => {
    const pool = await EdgePool.create({ bundle, options });
    try {
      const response = await pool.handle(request('/loop', { headers: DEBUG }));
      expect(response.status, JSON.stringify(response.headers)).toBe(500);
      expect(header(response, 'server')).toBe('AkamaiGHost');
      expect(header(response, 'x-akamai-edgeworker-onclientrequest-info')).toMatch(/^ew=9 v2\.0:EW for example\.com; status=CpuTimeoutError; status_msg=CpuTimeoutError:\+onClientRequest\+ran/);
      const after = await pool.handle(request('/after', { headers: DEBUG }));
      expect(after.status, `${JSON.stringify(after.headers)} ${JSON.stringify(pool.events)}`).toBe(200);
    } finally {
      await pool.close();
    }
  });
});
