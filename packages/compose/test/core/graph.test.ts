import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import { captureContext, defineSource, orderGraph, runGraph, RequiredSourceError, type SourceSpec } from '../../src/core/index.ts';
import { makeRequest, onEdge } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let api: Origin;
let attemptsFlaky = 0;

beforeAll(async () => {
  api = await startOrigin({
    '/user': { json: { id: 'u1', name: 'Ada' }, headers: { 'cache-control': 'max-age=60' } },
    '/cart': { json: { items: [{ sku: 'a' }, { sku: 'b' }] }, headers: { 'cache-control': 'max-age=30' } },
    '/prices': (req) => ({ json: { skus: new URL(req.url ?? '', 'http://x').searchParams.get('skus') } }),
    '/slow': { json: { ok: true }, delayMs: 400 },
    '/broken': { status: 503, body: 'down' },
    '/bad-json': { body: '<html>' },
    '/bad-shape': { json: { items: [{ sku: 1 }] } },
    '/flaky': () => (++attemptsFlaky < 3 ? { status: 503 } : { json: { ok: attemptsFlaky } }),
    '/echo': (req, body) => ({ json: { method: req.method, body, lang: req.headers['accept-language'] ?? null, key: req.headers['x-key'] ?? null, enc: req.headers['accept-encoding'] ?? null } }),
  });
});
afterAll(() => api.close());

const hosts = () => ({ 'api.test': api.url });
const run = (specs: SourceSpec[], call: Parameters<typeof makeRequest>[0] = {}, options = {}) =>
  onEdge({ hosts: hosts() }, () => runGraph(orderGraph(specs), captureContext(makeRequest(call)), options));

describe('runGraph', () => {
  it('runs independent sources in parallel and dependents with their dependencies data', async () => {
    const result = await run([
      defineSource('user', { url: 'https://api.test/user' }),
      defineSource('cart', { url: 'https://api.test/cart', schema: zm.object({ items: zm.array(zm.object({ sku: zm.string() })) }) }),
      defineSource('prices', { dependsOn: ['cart'], url: (_ctx, deps) => `https://api.test/prices?skus=${(deps.cart as { items: { sku: string }[] }).items.map((i) => i.sku).join(',')}` }),
    ]);
    expect(result.sources.user.value).toEqual({ id: 'u1', name: 'Ada' });
    expect(result.sources.prices.value).toEqual({ skus: 'a,b' });
    expect(result.partial).toBe(false);
    expect(result.subrequests).toBe(3);
  });

  it('skips a source whose condition is false, and its dependents', async () => {
    const result = await run([
      defineSource('user', { url: 'https://api.test/user', when: (ctx) => ctx.location.country === 'FR' }),
      defineSource('greeting', { dependsOn: ['user'], url: 'https://api.test/echo?u={user.id}' }),
    ], { location: { country: 'US' } });
    expect(result.sources.user.state).toBe('skipped');
    expect(result.sources.greeting.state).toBe('skipped');
    expect(result.subrequests).toBe(0);
    expect(result.partial).toBe(false);
  });

  it('uses a fallback for a failed optional source and marks the result partial', async () => {
    const result = await run([
      defineSource('recs', { url: 'https://api.test/broken', failure: { fallback: [] } }),
      defineSource('user', { url: 'https://api.test/user' }),
    ]);
    expect(result.sources.recs).toMatchObject({ state: 'fallback', value: [] });
    expect(result.partial).toBe(true);
  });

  it('fails fast with the source named when a required source fails', async () => {
    const failure = await run([
      defineSource('slow', { url: 'https://api.test/slow', failure: 'optional' }),
      defineSource('cart', { url: 'https://api.test/broken', failure: { required: { status: 503 } } }),
    ]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RequiredSourceError);
    expect((failure as RequiredSourceError).source).toBe('cart');
    expect((failure as RequiredSourceError).status).toBe(503);
    expect((failure as Error).message).toMatch(/required source "cart": GET https:\/\/api.test\/broken answered 503/);
  });

  it('names the source and the failing path when the answer does not match the schema', async () => {
    const result = await run([
      defineSource('cart', { url: 'https://api.test/bad-shape', schema: zm.object({ items: zm.array(zm.object({ sku: zm.string() })) }), failure: 'optional' }),
      defineSource('page', { url: 'https://api.test/bad-json', failure: 'optional' }),
    ]);
    const cart = result.sources.cart.outcome;
    expect(cart.state === 'failed' && cart.error.reason).toBe('schema');
    expect(cart.state === 'failed' && cart.error.message).toMatch(/^source "cart": the answer of https:\/\/api.test\/bad-shape does not match its schema at items\[0\]\.sku: /);
    const page = result.sources.page.outcome;
    expect(page.state === 'failed' && page.error.reason).toBe('json');
  });

  it('times out a slow source through the sub-request timeout option', async () => {
    const result = await run([defineSource('slow', { url: 'https://api.test/slow', timeout: 50, failure: 'optional' })]);
    const slow = result.sources.slow.outcome;
    expect(slow.state === 'failed' && slow.error.reason).toBe('timeout');
    expect(slow.state === 'failed' && slow.error.message).toMatch(/timeout 50 ms/);
  });

  it('shortens a dependent source timeout by the time the deadline has used', async () => {
    const result = await run(
      [
        defineSource('slow', { url: 'https://api.test/slow' }),
        defineSource('after', { dependsOn: ['slow'], url: 'https://api.test/slow', failure: 'optional' }),
      ],
      {},
      { deadline: 600 },
    );
    // slow took ~400 ms of 600, so "after" (another 400 ms) must time out within what is left.
    const after = result.sources.after.outcome;
    expect(after.state === 'failed' && after.error.reason).toBe('timeout');
  });

  it('retries reads on 5xx, bounded', async () => {
    attemptsFlaky = 0;
    const result = await run([defineSource('flaky', { url: 'https://api.test/flaky', retry: 2 })]);
    expect(result.sources.flaky.value).toEqual({ ok: 3 });
    expect(result.sources.flaky.outcome).toMatchObject({ attempts: 3 });
    attemptsFlaky = 0;
    const once = await run([defineSource('flaky', { url: 'https://api.test/flaky', retry: 1, failure: 'optional' })]);
    expect(once.sources.flaky.outcome).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('forwards the headers asked for, sets templated ones, sends JSON bodies', async () => {
    const result = await run(
      [
        defineSource('echo', {
          method: 'POST',
          url: 'https://api.test/echo',
          forwardHeaders: ['accept-language'],
          headers: { 'x-key': '{var.PMUSER_KEY}' },
          body: (ctx) => ({ q: ctx.query.q }),
        }),
      ],
      { query: 'q=shoes', headers: { 'accept-language': 'fr', 'accept-encoding': 'gzip' }, variables: { PMUSER_KEY: 'k1' } },
    );
    expect(result.sources.echo.value).toEqual({ method: 'POST', body: '{"q":"shoes"}', lang: 'fr', key: 'k1', enc: null });
  });

  it('keeps at most `concurrency` sub-requests in flight', async () => {
    const origin = await startOrigin({ '/n': { json: 1, delayMs: 40 } });
    const specs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => defineSource(name, { url: 'https://n.test/n' }));
    try {
      const result = await onEdge({ hosts: { 'n.test': origin.url } }, () => runGraph(orderGraph(specs), captureContext(makeRequest({})), { concurrency: 2 }));
      expect(result.subrequests).toBe(7);
      expect(origin.hits).toHaveLength(7);
      expect(origin.peakInFlight).toBe(2);
    } finally {
      await origin.close();
    }
  });
});

describe('graph definition errors', () => {
  it('names unknown dependencies, duplicates and cycles', () => {
    expect(() => orderGraph([defineSource('a', { url: '/a', dependsOn: ['zz'] })])).toThrow(/source "a" depends on "zz", which is not declared \(declared: a\)/);
    expect(() => orderGraph([defineSource('a', { url: '/a' }), defineSource('a', { url: '/b' })])).toThrow(/source "a" is declared twice/);
    expect(() =>
      orderGraph([defineSource('a', { url: '/a', dependsOn: ['c'] }), defineSource('b', { url: '/b', dependsOn: ['a'] }), defineSource('c', { url: '/c', dependsOn: ['b'] })]),
    ).toThrow(/dependency cycle: a -> c -> b -> a/);
  });
  it('names bad options', () => {
    expect(() => defineSource('1x', { url: '/' })).toThrow(/source name: expected an identifier/);
    expect(() => defineSource('then', { url: '/' })).toThrow(/source name "then" is reserved/);
    expect(() => defineSource('a', { url: '/', method: 'PATCH' })).toThrow(/source "a".method: "PATCH" is not a sub-request method; use one of GET, HEAD, POST, PUT, DELETE/);
    expect(() => defineSource('a', { url: '/', method: 'POST', retry: 1 })).toThrow(/retry needs an idempotent method \(GET, HEAD, PUT, DELETE\), and this source uses POST/);
    expect(() => defineSource('a', { url: '/', retry: 9 })).toThrow(/retry: expected an integer from 0 to 3/);
    expect(() => defineSource('a', { url: '/', forwardHeaders: ['Connection'] })).toThrow(/must not be forwarded on a sub-request \(spec §10/);
    expect(() => defineSource('a', { url: '/', schema: {} })).toThrow(/schema: expected a Standard Schema v1 validator/);
    expect(() => defineSource('a', { url: '/{cart.id}' })).toThrow(/reads \{cart...\}, which is neither a request namespace nor in dependsOn/);
    expect(() => defineSource('a', { url: '/', timeout: 0 })).toThrow(/timeout: expected a positive number of milliseconds, got 0/);
    expect(() => defineSource('a', { url: '/', failure: { required: { status: 200 } } })).toThrow(/failure.required.status: expected an HTTP error status 400–599, got 200/);
    expect(() => defineSource('a', { url: '/', colour: 1 } as never)).toThrow(/unknown option "colour"/);
  });
});
