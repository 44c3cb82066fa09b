/**
 * The request path stays synchronous where nothing waits (pipeline/eventually.ts): a request
 * answered without the origin is answered in the call, and the promise-returning entry points still
 * report every failure as a rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuntimeOptions } from '../../src/config/schema.ts';
import { createPipelineHandler } from '../../src/pipeline/edge-handler.ts';
import { andThen, promised } from '../../src/pipeline/eventually.ts';
import { loadBundle } from '../../src/loader/load.ts';
import { createSandboxProvider } from '../../src/sandbox/provider.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { startOrigin, type Origin } from './harness.ts';

const request = (url: string) => ({ id: 1, method: 'GET', url, headers: [['Host', 'www.example.com']] as Array<[string, string]>, scheme: 'http' as const, remoteAddress: '127.0.0.1', body: null });

describe('the request path without needless promises', () => {
  let origin: Origin;
  beforeAll(async () => { origin = await startOrigin(); });
  afterAll(async () => { await origin.close(); });

  it('answers a respondWith from onClientRequest in the call, and the origin\'s answer through one wait', async () => {
    const sandboxes = createSandboxProvider(await loadBundle(writeBundle({ 'main.js': `
      export function onClientRequest(req) { if (req.path === '/local') req.respondWith(203, { 'x-local': 'yes' }, 'here'); }
      export function onClientResponse(req, res) { res.setHeader('x-crsp', '1'); }` })));
    const { serve, handle, services } = createPipelineHandler(parseRuntimeOptions({ origin: origin.url }), sandboxes.shared.info, sandboxes);
    try {
      const local = serve(request('/local'));
      expect(local).not.toBeInstanceOf(Promise);
      expect((local as { status: number }).status).toBe(203);
      const proxied = serve(request('/far'));
      expect(proxied).toBeInstanceOf(Promise);
      const reply = await proxied;
      expect(reply.status).toBe(200);
      expect(reply.headers).toContainEqual(['x-crsp', '1']);
      // The promise-returning entry answers the same.
      expect((await handle(request('/local'))).status).toBe(203);
    } finally {
      await services.dispatcher.close();
    }
  });

  it('turns a throw into a rejection where a promise is promised, and keeps a value synchronous otherwise', async () => {
    await expect(promised(() => { throw new Error('broken pipeline'); })).rejects.toThrow('broken pipeline');
    await expect(promised(() => { throw 'text'; })).rejects.toBe('text');
    expect(await promised(() => 7)).toBe(7);
    expect(andThen(2, (n) => n * 3)).toBe(6);
    expect(await andThen(Promise.resolve(2), (n) => n * 3)).toBe(6);
  });
});
