import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

describe('compose-tour-merge', () => {
  it('merges product, reviews and stock (after the product, by its SKU) into one answer', async () => {
    const { status, headers, json, text, trace } = await worker.send('/products/42');
    expect(status, text).toBe(200);
    expect(json()).toEqual({ id: '42', name: 'Wool scarf', price: 39.9, inStock: true, reviews: { count: 2, average: 4.5 } });
    expect(headers.get('x-compose-completed')).toBe('true');
    // The freshest part decides: stock says max-age=10.
    expect(headers.get('cache-control')).toBe('public, max-age=10');
    const product = trace.subrequests.find((s) => s.url.includes('/products/'));
    const stock = trace.subrequests.find((s) => s.url.includes('/stock/'));
    expect(stock?.url).toBe('https://api.tour.example/stock/SCARF-01');
    expect(stock?.startMs).toBeGreaterThanOrEqual((product?.startMs ?? Infinity) + (product?.durationMs ?? Infinity));
  });

  it('an optional source that fails leaves a partial answer, kept out of caches', async () => {
    const { status, headers, json, text, trace } = await worker.send('/products/7');
    expect(status, text).toBe(200);
    expect(json()).toEqual({ id: '7', name: 'Leather gloves', price: 24.5, inStock: null, reviews: { count: 0, average: null } });
    expect(headers.get('x-compose-completed')).toBe('false');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(trace.warnings.map((w) => w.message).join('\n')).toContain('source "stock" failed (status), absent');
  });

  it('a required source that fails answers 502 with a problem document naming it', async () => {
    const { status, headers, json, text } = await worker.send('/products/9');
    expect(status, text).toBe(502);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(json()).toMatchObject({ source: 'product', reason: 'status', instance: '/products/9' });
  });
});
