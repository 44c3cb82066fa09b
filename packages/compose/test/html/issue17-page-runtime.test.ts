/**
 * Issue 17 for pages, end to end through the runtime: the fixture page
 * (fixtures/runtime/issue17-page-worker.ts) is bundled and served by @weft/testing's startWorker,
 * its data source and fragments are a real loopback origin, and what is checked is the page's plan
 * in `trace.compositions`: a source per data source and per slot, each with its outcome and the
 * sub-requests it made, by id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
let worker: RunningWorker;

beforeAll(async () => {
  origin = await startOrigin({
    '/user': { json: { id: 'u1' } },
    '/header': { body: '<header>Shop</header>' },
    '/promo': { body: '<p>never asked for</p>' },
    '/down': { status: 503, body: 'down' },
    '/recs-cached': { body: '<ul>cached picks</ul>' },
    // Answers only when the test ends: the slot's timeout is what ends its wait.
    '/hang': { delayMs: 60_000 },
  });
  worker = await startWorker({ entry: new URL('../fixtures/runtime/issue17-page-worker.ts', import.meta.url), options: { hosts: { 'frag.test': origin.url } } });
});
afterAll(async () => {
  await worker?.close();
  await origin?.close();
});

describe('a page\'s plan in the trace (trace.compositions)', () => {
  it('its data source and every slot: dependencies, outcome, reason and the sub-requests it made', async () => {
    const sent = await worker.send('/');
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('<header>Shop</header>');
    expect(sent.text).toContain('<p>Reviews are unavailable</p>');
    expect(sent.text).toContain('<ul>cached picks</ul>');
    const { trace } = sent;
    expect(trace.compositions).toHaveLength(1);
    const [plan] = trace.compositions;
    expect(plan).toMatchObject({ handler: 'responseProvider', kind: 'page', partial: true });
    expect(plan?.name).toBeUndefined();
    const byName = Object.fromEntries(plan?.sources.map((s) => [s.name, s]) ?? []);
    expect(Object.keys(byName)).toEqual(['user', 'header', 'promo', 'reviews', 'recs', 'stock']);
    expect(byName.user).toMatchObject({ dependsOn: [], outcome: 'ran' });
    expect(byName.header).toMatchObject({ dependsOn: ['user'], outcome: 'ran' });
    expect(byName.promo).toMatchObject({ outcome: 'skipped', subrequestIds: [] });
    expect(byName.promo?.reason).toMatch(/when condition/);
    expect(byName.reviews).toMatchObject({ outcome: 'fell-back' });
    expect(byName.reviews?.reason).toMatch(/^fallback content written: GET https:\/\/frag\.test\/down answered 503$/);
    expect(byName.recs).toMatchObject({ outcome: 'fell-back' });
    expect(byName.recs?.reason).toMatch(/^fallbackUrl used: GET https:\/\/frag\.test\/down answered 503/);
    expect(byName.stock).toMatchObject({ outcome: 'timed-out' });
    expect(byName.stock?.reason).toMatch(/^GET https:\/\/frag\.test\/hang failed \(timeout 100 ms\).*; fallback content written$/);

    // Each id is a sub-request of the same trace, to the URL the source or slot fetched (last).
    const url = (id: number) => trace.subrequests.find((s) => s.id === id)?.url;
    expect(byName.user?.subrequestIds.map(url)).toEqual(['https://frag.test/user']);
    expect(byName.header?.subrequestIds.map(url)).toEqual(['https://frag.test/header']);
    expect(byName.reviews?.subrequestIds.map(url)).toEqual(['https://frag.test/down']);
    expect(byName.recs?.subrequestIds.map(url)).toEqual(['https://frag.test/recs-cached']);
    expect(byName.stock?.subrequestIds.map(url)).toEqual(['https://frag.test/hang']);
    const ids = plan?.sources.flatMap((s) => s.subrequestIds) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    // The slot that waited for the data starts once its source's sub-request had answered.
    const user = trace.subrequests.find((s) => s.id === byName.user?.subrequestIds[0]);
    expect(byName.header?.startMs).toBeGreaterThanOrEqual((user?.startMs ?? 0) + (user?.durationMs ?? 0));
    expect(origin.hits).not.toContain('GET /promo');
  });

  it('one plan per page run', async () => {
    const { trace } = await worker.send('/');
    expect(trace.compositions.filter((c) => c.kind === 'page')).toHaveLength(1);
    expect(trace.warnings.filter((w) => w.code === 'compose-plan')).toEqual([]);
  });
});
