/**
 * Akamai's unmodified edgekv.js helper, bundled into a worker, against the local EdgeKV service
 * through the whole pipeline (@weft/testing): text, JSON, defaults on 404, writes, a missing token,
 * a timeout with retry, a value large enough for the helper's streamed path, and the trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';
import { writeApp } from './worker.ts';

describe('edgekv.js helper on the local EdgeKV service', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    const dir = writeApp(`{ entry: 'src/main.js', edgekv: { failures: [{ kind: 'timeout', item: 'slow', times: 1 }, { kind: 'timeout', item: 'stuck' }] } }`);
    worker = await startWorker({ config: dir, edgekv: { seed: { shop: { prices: { slow: 'finally', stuck: 'never' } } } } });
  });
  afterAll(() => worker.close());

  it('reads text and JSON seeded from the app\'s edgekv/ files', async () => {
    expect((await worker.send('/text?item=apple')).json()).toEqual({ value: 'one euro' });
    expect((await worker.send('/json?item=pear')).json()).toEqual({ value: { eur: 2 } });
  });

  it('returns the caller\'s default on 404, and the trace shows the call as an EdgeKV miss', async () => {
    const text = await worker.send('/text?item=plum');
    expect(text.json()).toEqual({ value: 'none' });
    expect((await worker.send('/json?item=plum')).json()).toEqual({ value: { fallback: true } });
    expect(text.trace.subrequests).toHaveLength(1);
    expect(text.trace.subrequests[0]?.url).toBe('https://edgekv.akamai-edge-svcs.net/api/v1/namespaces/shop/groups/prices/items/plum');
    expect(text.trace.subrequests[0]?.edgekv).toEqual({ namespace: 'shop', group: 'prices', item: 'plum', operation: 'read', result: 'miss' });
    const hit = await worker.send('/text?item=apple');
    expect(hit.trace.subrequests[0]?.edgekv?.result).toBe('hit');
  });

  it('writes text and JSON that the test can inspect, and deletes', async () => {
    const put = await worker.send('/put-text?item=kiwi&value=green');
    expect(put.status).toBe(200);
    expect(put.trace.subrequests[0]?.edgekv).toMatchObject({ item: 'kiwi', operation: 'write', result: 'ok' });
    expect(await worker.edgekv.getText('shop', 'prices', 'kiwi')).toBe('green');
    await worker.send('/put-json?item=fig&n=7');
    expect(await worker.edgekv.getJson('shop', 'prices', 'fig')).toEqual({ n: 7 });
    expect((await worker.send('/json?item=fig')).json()).toEqual({ value: { n: 7 } });
    expect((await worker.send('/delete?item=fig')).status).toBe(200);
    expect(await worker.edgekv.getText('shop', 'prices', 'fig')).toBeUndefined();
    expect((await worker.send('/text?item=fig')).json()).toEqual({ value: 'none' });
  });

  it('lets a test seed an item per test', async () => {
    await worker.edgekv.put('shop', 'prices', 'melon', 'seeded by the test');
    expect((await worker.send('/text?item=melon')).json()).toEqual({ value: 'seeded by the test' });
  });

  it('reads a value of 128,000 bytes and more through the helper\'s streamed path', async () => {
    await worker.edgekv.put('shop', 'prices', 'big', 'x'.repeat(200_000));
    expect((await worker.send('/length?item=big')).json()).toEqual({ length: 200_000 });
  });

  it('throws the helper\'s MISSING ACCESS TOKEN error, without a sub-request, for a namespace the tokens file lacks', async () => {
    const sent = await worker.send('/no-token?item=apple');
    expect(sent.status).toBe(500);
    expect(sent.json<{ error: { body: string } }>().error.body).toContain("MISSING ACCESS TOKEN. No EdgeKV Access Token defined for namespace 'secret'.");
    expect(sent.trace.subrequests).toHaveLength(0);
  });

  it('retries a read that timed out, as num_retries_on_timeout asks, and the retry succeeds', async () => {
    const sent = await worker.send('/slow?item=slow');
    expect(sent.json()).toEqual({ value: 'finally' });
    const calls = sent.trace.subrequests.map((sub) => sub.edgekv?.result);
    expect(calls).toEqual(['error', 'hit']);
    expect(sent.trace.subrequests[0]?.error).toMatch(/subrequest to URL .* timed out/);
  });

  it('surfaces a timeout without retries as the helper\'s failure object', async () => {
    const sent = await worker.send('/slow-no-retry?item=stuck');
    expect(sent.status).toBe(500);
    const error = sent.json<{ error: { failed: string; status: number; body: string } }>().error;
    expect(error.failed).toBe('GET TEXT FAILED');
    expect(error.status).toBe(0);
    expect(error.body).toMatch(/timed out/);
  });
});
