import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

describe('recommendations', () => {
  it("renders the visitor's country's picks, and fetches the catalogue from the cache the second time", async () => {
    const first = await worker.send('/fragments/recommendations');
    expect(first.text).toBe('<section class="recommendations"><h2>Picked for you</h2><ul><li>Wool scarf</li><li>Leather gloves</li></ul></section>');
    expect(first.headers.get('cache-control')).toBe('private, max-age=60');
    expect(first.trace.subrequests[0]?.cache).toMatchObject({ lookup: 'miss', stored: true, ttlSeconds: 300 });
    const second = await worker.send('/fragments/recommendations', { location: { country: 'US' } });
    expect(second.text).toContain('<li>Puffer jacket</li><li>Snow boots</li>');
    expect(second.trace.subrequests[0]?.cache).toMatchObject({ lookup: 'hit' });
  });
});
