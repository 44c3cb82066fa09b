import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

const hosts = (urls: string[]) => urls.map((u) => new URL(u).hostname).sort();

describe('api-orchestration', () => {
  it('GET / merges user, cart, prices (after the cart) and recommendations for a desktop visitor in France', async () => {
    const { status, headers, json, trace } = await worker.send('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('x-compose-completed')).toBe('true');
    // The stalest part is the cart (private, max-age=5).
    expect(headers.get('cache-control')).toBe('private, max-age=5');
    expect(json()).toEqual({
      user: { id: 'u1001', name: 'Ada Lovelace', tier: 'gold' },
      cart: {
        id: 'cart-u1001',
        currency: 'EUR',
        lines: [
          { sku: 'SCARF-01', name: 'Wool scarf', qty: 1, unitPrice: 39.9, total: 39.9 },
          { sku: 'GLOVE-07', name: 'Leather gloves', qty: 2, unitPrice: 24.5, total: 49 },
        ],
        total: 88.9,
      },
      recommendations: [
        { sku: 'SOCK-11', name: 'Merino socks' },
        { sku: 'BOOT-02', name: 'Winter boots' },
      ],
    });
    expect(trace.response?.source).toBe('responseProvider');
    expect(hosts(trace.subrequests.map((s) => s.url))).toEqual(['carts.weft.example', 'prices.weft.example', 'recs.weft.example', 'users.weft.example']);
    // prices depends on the cart, so it starts only after the cart answered.
    const cart = trace.subrequests.find((s) => s.url.includes('carts.'));
    const prices = trace.subrequests.find((s) => s.url.includes('prices.'));
    expect(prices?.url).toBe('https://prices.weft.example/prices?currency=EUR&skus=SCARF-01,GLOVE-07');
    expect(prices?.startMs).toBeGreaterThanOrEqual((cart?.startMs ?? Infinity) + (cart?.durationMs ?? Infinity));
  });

  it('skips recommendations for mobile visitors and for countries outside FR, DE, GB, without calling the API', async () => {
    for (const init of [{ scenario: 'mobile' }, { scenario: 'us' }]) {
      const { json, headers, trace } = await worker.send('/', init);
      expect(json<{ recommendations: unknown }>().recommendations).toBeNull();
      expect(headers.get('x-compose-completed')).toBe('true');
      expect(trace.subrequests.some((s) => s.url.includes('recs.'))).toBe(false);
    }
    const us = await worker.send('/', { scenario: 'us' });
    expect(us.json<{ cart: { currency: string; total: number } }>().cart).toMatchObject({ currency: 'USD', total: 96.01 });
  });

  it('follows the uid cookie, and skips prices for an empty cart', async () => {
    const { json, trace } = await worker.send('/', { headers: { cookie: 'uid=u2002' } });
    expect(json()).toMatchObject({ user: { name: 'Grace Hopper' }, cart: { lines: [], total: 0, currency: null } });
    expect(trace.subrequests.some((s) => s.url.includes('prices.'))).toBe(false);
  });

  it('flags a partial answer and keeps it out of caches when recommendations fail', async () => {
    const { status, headers, json, trace } = await worker.send('/', { headers: { cookie: 'uid=u3003' } });
    expect(status).toBe(200);
    expect(headers.get('x-compose-completed')).toBe('false');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(json()).toMatchObject({ user: { name: 'Alan Turing' }, recommendations: [] });
    // Without any debug header the trace's warnings say what failed, what stood in for it, and that the answer is partial (issue 14).
    const warnings = trace.warnings.map((warning) => `${warning.code} ${warning.message}`).join('\n');
    expect(warnings).toContain('compose-fallback compose: source "recommendations" failed (status), fallback used');
    expect(warnings).toContain('compose-partial compose: the answer is partial (X-Compose-Completed: false, Cache-Control: no-store): "recommendations" failed');
  });

  it('answers 502 with a problem body naming the source when a required API fails', async () => {
    const { status, headers, json } = await worker.send('/', { headers: { cookie: 'uid=nobody' } });
    expect(status).toBe(502);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(json()).toMatchObject({ status: 502, reason: 'status', instance: '/' });
    expect(json<{ source: string }>().source).toMatch(/^(user|cart)$/);
  });

  it('routes by rules: /health directly, beta visitors get loyalty points', async () => {
    const health = await worker.send('/health');
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ ok: true });
    expect(health.trace.subrequests).toEqual([]);
    const beta = await worker.send('/', { headers: { cookie: 'uid=u2002; beta=1' } });
    expect(beta.headers.get('x-composed-by')).toBe('weft api-orchestration (beta)');
    expect(beta.json()).toMatchObject({ user: { name: 'Grace Hopper', loyalty: { points: 420, nextTier: 'gold' } } });
  });

  it('answers 404 elsewhere', async () => {
    const { status, json } = await worker.send('/nope');
    expect(status).toBe(404);
    expect(json()).toMatchObject({ type: 'urn:weft:compose:no-route' });
  });
});
