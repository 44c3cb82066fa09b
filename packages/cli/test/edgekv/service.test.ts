/** The local EdgeKV service over real loopback HTTP, as the helper's sub-requests reach it. */
import { afterEach, describe, expect, it } from 'vitest';
import { edgeKvConfigSchema, MemoryEdgeKvStore, createLocalToken, startEdgeKvService, valueBytes, type EdgeKvConfigInput, type RunningEdgeKvService } from '../../src/index.ts';

const TOKEN = createLocalToken({ name: 'test', namespaces: { shop: ['r', 'w', 'd'], ro: ['r'] }, expiresAt: new Date(Date.now() + 3_600_000) });
const running: RunningEdgeKvService[] = [];

async function service(config: EdgeKvConfigInput = {}, options: { now?: () => number } = {}): Promise<{ url: string; store: MemoryEdgeKvStore }> {
  const store = new MemoryEdgeKvStore();
  const started = await startEdgeKvService({ store, config: edgeKvConfigSchema.parse(config), ...options });
  running.push(started);
  return { url: started.url, store };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((entry) => entry.close()));
});

const item = (url: string, ns: string, group: string, name: string, query = ''): string => `${url}/api/v1/namespaces/${ns}/groups/${group}/items/${name}${query}`;
const auth = (token = TOKEN): Record<string, string> => ({ 'X-Akamai-EdgeDB-Auth': token });

describe('local EdgeKV service', () => {
  it('puts, gets and deletes an item, and answers 404 for a missing one', async () => {
    const { url } = await service();
    expect((await fetch(item(url, 'shop', 'prices', 'apple'), { headers: auth() })).status).toBe(404);
    const put = await fetch(item(url, 'shop', 'prices', 'apple'), { method: 'PUT', headers: auth(), body: '{"eur":1}' });
    expect(put.status).toBe(200);
    const got = await fetch(item(url, 'shop', 'prices', 'apple'), { headers: auth() });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('9');
    expect(got.headers.get('content-type')).toBe('application/json');
    expect(await got.text()).toBe('{"eur":1}');
    expect((await fetch(item(url, 'shop', 'prices', 'apple'), { method: 'DELETE', headers: auth() })).status).toBe(200);
    const gone = await fetch(item(url, 'shop', 'prices', 'apple'), { headers: auth() });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ status: 404, detail: 'no item "apple" in namespace "shop", group "prices"' });
    expect((await fetch(item(url, 'shop', 'prices', 'apple'), { method: 'DELETE', headers: auth() })).status).toBe(404);
  });

  it('serves values of 128,000 bytes and more as a stream without Content-Length', async () => {
    const { url, store } = await service();
    await store.put({ namespace: 'shop', group: 'g', item: 'big' }, valueBytes('x'.repeat(128_000)));
    await store.put({ namespace: 'shop', group: 'g', item: 'small' }, valueBytes('x'.repeat(127_999)));
    const big = await fetch(item(url, 'shop', 'g', 'big'), { headers: auth() });
    expect(big.headers.get('content-length')).toBeNull();
    expect(big.headers.get('transfer-encoding')).toBe('chunked');
    expect((await big.text()).length).toBe(128_000);
    const small = await fetch(item(url, 'shop', 'g', 'small'), { headers: auth() });
    expect(small.headers.get('content-length')).toBe('127999');
    expect((await small.text()).length).toBe(127_999);
  });

  it('checks tokens against the namespace and the permission the method needs', async () => {
    const { url } = await service();
    const none = await fetch(item(url, 'shop', 'g', 'a'));
    expect(none.status).toBe(401);
    expect((await none.json()) as { detail: string }).toMatchObject({ detail: expect.stringMatching(/no X-Akamai-EdgeDB-Auth header.*weft kv token shop/) as unknown });
    expect((await fetch(item(url, 'shop', 'g', 'a'), { headers: auth('not-a-jwt') })).status).toBe(401);
    const other = await fetch(item(url, 'other', 'g', 'a'), { headers: auth() });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { detail: string }).detail).toMatch(/does not grant namespace "other"/);
    const readOnly = await fetch(item(url, 'ro', 'g', 'a'), { method: 'PUT', headers: auth(), body: 'x' });
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { detail: string }).detail).toMatch(/needs write \(w\)/);
    const [head, payload] = TOKEN.split('.');
    const forged = `${head}.${payload}.AAAA`;
    expect((await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(forged) })).status).toBe(401);
    const expired = createLocalToken({ name: 'old', namespaces: { shop: ['r'] }, expiresAt: new Date(Date.now() - 1000) });
    const late = await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(expired) });
    expect(((await late.json()) as { detail: string }).detail).toMatch(/expired/);
    expect((await fetch(item(url, 'shop', 'g', 'a'), { headers: { 'X-Akamai-EdgeDB-Auth-Ref': 'ref-1' } })).status).toBe(404);
  });

  it('rejects names the helper would reject, and unknown paths and methods', async () => {
    const { url } = await service();
    const bad = await fetch(item(url, 'shop', 'g', 'a.b'), { headers: auth() });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/item "a\.b" has characters outside/);
    expect((await fetch(item(url, 'x'.repeat(33), 'g', 'a'), { headers: auth() })).status).toBe(400);
    expect((await fetch(`${url}/api/v1/namespaces`, { headers: auth() })).status).toBe(404);
    expect((await fetch(item(url, 'shop', 'g', 'a'), { method: 'POST', headers: auth() })).status).toBe(405);
  });

  it('keeps sandbox data apart and falls back to the app data with sandboxFallback=true', async () => {
    const { url, store } = await service();
    await store.put({ namespace: 'shop', group: 'g', item: 'a' }, valueBytes('staging'));
    const put = await fetch(item(url, 'shop', 'g', 'b', '?sandboxId=sb1'), { method: 'PUT', headers: auth(), body: 'sandboxed' });
    expect(put.status).toBe(200);
    expect(await store.get({ namespace: 'shop', group: 'g', item: 'b' })).toBeUndefined();
    expect(await (await fetch(item(url, 'shop', 'g', 'b', '?sandboxId=sb1'), { headers: auth() })).text()).toBe('sandboxed');
    expect((await fetch(item(url, 'shop', 'g', 'a', '?sandboxId=sb1'), { headers: auth() })).status).toBe(404);
    expect(await (await fetch(item(url, 'shop', 'g', 'a', '?sandboxId=sb1&sandboxFallback=true'), { headers: auth() })).text()).toBe('staging');
    expect((await fetch(item(url, 'shop', 'g', 'a', '?sandboxId=bad.id'), { headers: auth() })).status).toBe(400);
  });

  it('simulates 5xx answers for matching requests, only `times` times', async () => {
    const { url } = await service({ failures: [{ kind: 'error', status: 502, item: 'flaky', times: 2 }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(item(url, 'shop', 'g', 'flaky'), { headers: auth() })).status);
    expect(statuses).toEqual([502, 502, 404]);
    expect((await fetch(item(url, 'shop', 'g', 'other'), { headers: auth() })).status).toBe(404);
  });

  it('simulates a timeout by not answering until the caller gives up', async () => {
    const { url } = await service({ failures: [{ kind: 'timeout', method: 'GET', times: 1 }] });
    const aborted = fetch(item(url, 'shop', 'g', 'a'), { headers: auth(), signal: AbortSignal.timeout(200) });
    await expect(aborted).rejects.toThrow(/aborted|timeout/i);
    expect((await fetch(item(url, 'shop', 'g', 'a'), { headers: auth() })).status).toBe(404);
  });

  it('simulates eventual consistency: reads see the old value until writeDelayMs has passed', async () => {
    let now = 1_000_000;
    const { url } = await service({ writeDelayMs: 5000 }, { now: () => now });
    const token = createLocalToken({ name: 't', namespaces: { shop: ['r', 'w', 'd'] }, expiresAt: new Date(now + 3_600_000), now: new Date(now) });
    await fetch(item(url, 'shop', 'g', 'a'), { method: 'PUT', headers: auth(token), body: 'v1' });
    expect((await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(token) })).status).toBe(404);
    now += 5000;
    expect(await (await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(token) })).text()).toBe('v1');
    await fetch(item(url, 'shop', 'g', 'a'), { method: 'PUT', headers: auth(token), body: 'v2' });
    expect(await (await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(token) })).text()).toBe('v1');
    now += 5000;
    expect(await (await fetch(item(url, 'shop', 'g', 'a'), { headers: auth(token) })).text()).toBe('v2');
  });
});
