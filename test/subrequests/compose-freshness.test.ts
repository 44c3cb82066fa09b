/**
 * compose's derived `Cache-Control` against its sources' freshness when the sources come from the
 * sub-request cache (issue 17): a source answered from the cache keeps the `Age` it arrived with
 * plus its time in the cache, so the composed answer never claims more freshness than its stalest
 * source has left (here 60 s less the 20 s it had aged), on the second request as on the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startWorker, type RunningWorker } from '@weft/testing';
import { startOrigin, type Origin } from '../conformance/harness.ts';

let worker: RunningWorker;
let short: Origin;
let long: Origin;

beforeAll(async () => {
  short = await startOrigin((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60', age: '20' });
    res.end('{"n":1}');
  });
  long = await startOrigin((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
    res.end('{"n":2}');
  });
  worker = await startWorker({
    entry: fileURLToPath(new URL('./fixtures/freshness-api.ts', import.meta.url)),
    options: { hosts: { 'short.example': short.url, 'long.example': long.url } },
  });
});
afterAll(async () => {
  await worker?.close();
  await short?.close();
  await long?.close();
});

/** Seconds of freshness a `Cache-Control` value grants (max-age), or 0. */
function maxAge(value: string | null): number {
  return Number(/max-age=(\d+)/.exec(value ?? '')?.[1] ?? 0);
}

describe('compose freshness through the sub-request cache', () => {
  it('derives no more freshness than the sources have left, first and second request alike', async () => {
    const first = await worker.send('/');
    expect(JSON.parse(first.text)).toEqual({ short: { n: 1 }, long: { n: 2 } });
    expect(first.headers.get('cache-control')).toBe('public, max-age=40');

    // Another client URL (the client cache holds the first composed answer): the composition runs again.
    const second = await worker.send('/?again=1');
    expect(second.trace.response?.source).toBe('responseProvider');
    expect(second.trace.subrequests.map((sub) => sub.cache?.lookup)).toEqual(['hit', 'hit']);
    const cacheControl = second.headers.get('cache-control');
    // What the stalest source has left as the cache serves it: max-age=60 less its age now (20 on arrival, plus its time stored).
    const shortAge = second.trace.subrequests.find((sub) => sub.url.includes('short'))?.cache?.ageSeconds;
    expect(shortAge).toBeGreaterThanOrEqual(20);
    expect(maxAge(cacheControl)).toBeLessThanOrEqual(60 - (shortAge ?? 0));
    expect(cacheControl).toMatch(/^public, max-age=(40|39)$/);
    expect(short.seen).toHaveLength(1);
    expect(long.seen).toHaveLength(1);
  });
});
