import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { api, country, device, all, indexBy } from '../../src/index.ts';
import { makeRequest, onEdge, readResponse } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

const Cart = z.object({ items: z.array(z.object({ sku: z.string(), qty: z.number() })) });
const Price = z.array(z.object({ sku: z.string(), amount: z.number() }));
const User = z.object({ id: z.string(), name: z.string() });

let origin: Origin;
beforeAll(async () => {
  origin = await startOrigin({
    '/users/u1': { json: { id: 'u1', name: 'Ada' }, headers: { 'cache-control': 'public, max-age=300' } },
    '/carts/u1': { json: { items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] }, headers: { 'cache-control': 'max-age=60' } },
    '/prices': (req) => {
      const skus = new URL(req.url ?? '/', 'http://x').searchParams.get('skus')?.split(',') ?? [];
      return { json: skus.map((sku) => ({ sku, amount: sku === 'a' ? 10 : 5 })), headers: { 'cache-control': 'max-age=120' } };
    },
    '/recs': { json: [{ sku: 'z' }], headers: { 'cache-control': 'max-age=600' } },
    '/down': { status: 500, body: 'oops' },
    '/private': { json: { id: 'u1', name: 'Ada' }, headers: { 'cache-control': 'private, max-age=30' } },
  });
});
afterAll(() => origin.close());

const setup = () => ({ hosts: { 'api.test': origin.url } });

const shop = api({ route: '/shop/:user', deadline: 2000 })
  .source('user', { url: 'https://api.test/users/{params.user}', schema: User })
  .source('cart', { url: 'https://api.test/carts/{params.user}', schema: Cart })
  .source('prices', { dependsOn: ['cart'], url: (_ctx, { cart }) => `https://api.test/prices?skus=${cart.items.map((i) => i.sku).join(',')}`, schema: Price })
  .source('recs', { when: all(device.desktop, country('FR', 'DE')), url: 'https://api.test/recs', failure: { fallback: [] } })
  .merge(({ user, cart, prices, recs }) => {
    const bySku = indexBy(prices, 'sku');
    const lines = cart.items.map((item) => ({ ...item, amount: (bySku[item.sku]?.amount ?? 0) * item.qty }));
    return { user: user.name, lines, total: lines.reduce((sum, l) => sum + l.amount, 0), recommendations: recs ?? null };
  })
  .respond({ headers: { 'x-powered-by': 'weft' } });

describe('an API composition answered through createResponse', () => {
  it('merges four sources, derives Cache-Control from the stalest and says it completed', async () => {
    const created = await onEdge(setup(), () => shop.handle(makeRequest({ path: '/shop/u1', location: { country: 'FR' }, device: { isMobile: 'false', isTablet: 'false' } })));
    const response = await readResponse(created);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers['x-compose-completed']).toBe('true');
    expect(response.headers['x-powered-by']).toBe('weft');
    expect(JSON.parse(response.text)).toEqual({
      user: 'Ada',
      lines: [{ sku: 'a', qty: 2, amount: 20 }, { sku: 'b', qty: 1, amount: 5 }],
      total: 25,
      recommendations: [{ sku: 'z' }],
    });
  });

  it('leaves a conditional source out for other visitors, without calling it', async () => {
    const before = origin.hits.filter((h) => h.startsWith('GET /recs')).length;
    const result = await onEdge(setup(), () => shop.run(makeRequest({ path: '/shop/u1', location: { country: 'US' }, device: { isMobile: 'false', isTablet: 'false' } })));
    expect(result.ok && result.data.recommendations).toBeNull();
    expect(result.ok && result.partial).toBe(false);
    expect(origin.hits.filter((h) => h.startsWith('GET /recs')).length).toBe(before);
  });

  it('answers 404 with a problem body outside its route', async () => {
    const response = await readResponse(await onEdge(setup(), () => shop.handle(makeRequest({ path: '/elsewhere' }))));
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ status: 404, detail: 'no composition answers "/elsewhere"' });
    const exposed = api({ route: '/shop/:user', exposeErrors: true }).source('user', { url: 'https://api.test/users/{params.user}' }).respond();
    const debug = await readResponse(await onEdge(setup(), () => exposed.handle(makeRequest({ path: '/elsewhere' }))));
    expect(JSON.parse(debug.text)).toMatchObject({ status: 404, detail: 'path "/elsewhere" does not match "/shop/:user"' });
  });

  it('fails with the chosen status and a problem body naming the required source', async () => {
    const strict = api()
      .source('user', { url: 'https://api.test/users/u1', schema: User })
      .source('cart', { url: 'https://api.test/down', failure: { required: { status: 503, title: 'Cart unavailable' } } })
      .respond();
    const response = await readResponse(await onEdge(setup(), () => strict.handle(makeRequest())));
    expect(response.status).toBe(503);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-compose-completed']).toBe('false');
    expect(JSON.parse(response.text)).toEqual({
      type: 'urn:weft:compose:required-source-failed',
      title: 'Cart unavailable',
      status: 503,
      detail: 'source "cart" failed (status)',
      instance: '/',
      source: 'cart',
      reason: 'status',
    });
    // The upstream URL and its answer are for the trace and the log; a debug option shows them to the client.
    expect(response.text).not.toContain('api.test');
    const exposed = api({ exposeErrors: true }).source('cart', { url: 'https://api.test/down' }).respond();
    const debug = await readResponse(await onEdge(setup(), () => exposed.handle(makeRequest())));
    expect(JSON.parse(debug.text)).toMatchObject({ detail: 'source "cart": GET https://api.test/down answered 500' });
    const plain = api({ failureStatus: 504 }).source('cart', { url: 'https://api.test/down' }).respond();
    expect((await readResponse(await onEdge(setup(), () => plain.handle(makeRequest())))).status).toBe(504);
    const byDefault = api().source('cart', { url: 'https://api.test/down' }).respond();
    expect((await readResponse(await onEdge(setup(), () => byDefault.handle(makeRequest())))).status).toBe(502);
  });

  it('flags a partial result and marks it not cacheable, whatever the author asked', async () => {
    const partial = api()
      .source('user', { url: 'https://api.test/users/u1', schema: User })
      .source('recs', { url: 'https://api.test/down', failure: { fallback: [] } })
      .respond({ cacheControl: 'public, max-age=999', headers: { 'Cache-Control': 'max-age=5' } });
    const response = await readResponse(await onEdge(setup(), () => partial.handle(makeRequest())));
    expect(response.status).toBe(200);
    expect(response.headers['x-compose-completed']).toBe('false');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.text)).toEqual({ user: { id: 'u1', name: 'Ada' }, recs: [] });
  });

  it('keeps private freshness private, and lets the author override or rename headers', async () => {
    const priv = api().source('user', { url: 'https://api.test/private', schema: User }).respond({ completedHeader: 'X-Complete' });
    const response = await readResponse(await onEdge(setup(), () => priv.handle(makeRequest())));
    expect(response.headers['cache-control']).toBe('private, max-age=30');
    expect(response.headers['x-complete']).toBe('true');
    const custom = api().source('user', { url: 'https://api.test/private' }).respond({ cacheControl: 'no-cache', status: 203, completedHeader: false });
    const second = await readResponse(await onEdge(setup(), () => custom.handle(makeRequest())));
    expect(second.status).toBe(203);
    expect(second.headers['cache-control']).toBe('no-cache');
    expect(second.headers['x-compose-completed']).toBeUndefined();
  });

  it('answers 500 when the merge throws, with the message only under the exposeErrors debug option', async () => {
    const broken = api()
      .source('user', { url: 'https://api.test/users/u1', schema: User })
      .merge(() => {
        throw new Error('boom in merge');
      })
      .respond();
    const response = await readResponse(await onEdge(setup(), () => broken.handle(makeRequest())));
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toMatchObject({ title: 'The merge function or a response option threw', detail: 'the answer could not be built from the sources' });
    expect(response.text).not.toContain('boom');
    const badStatus = api({ exposeErrors: true }).source('user', { url: 'https://api.test/users/u1', schema: User }).respond({ status: () => 700 });
    const second = await readResponse(await onEdge(setup(), () => badStatus.handle(makeRequest())));
    expect(second.status).toBe(500);
    expect(JSON.parse(second.text)).toMatchObject({ detail: 'respond status: expected an integer from 200 to 599 (decisions 5), got 700' });
  });

  it('refuses bad composition options at declaration time', () => {
    expect(() => api({ failureStatus: 200 })).toThrow(/failureStatus must be an HTTP error status 400–599, got 200/);
    expect(() => api({ concurrency: 0 })).toThrow(/concurrency: expected an integer of at least 1, got 0/);
    expect(() => api({ deadline: -5 })).toThrow(/deadline: expected a positive number of milliseconds, got -5/);
    expect(() => api({ route: 'nope' as '/' })).toThrow(/route: expected a path pattern/);
    expect(() => api().respond({ status: 99 })).toThrow(/respond status: expected an integer from 200 to 599 \(decisions 5\), got 99/);
  });
});
