/**
 * The page as `weft dev` serves it, with the recommendations subWorker (apps/recommendations) on its
 * own port: the second request finds its fragments and promotions in the cache, and the
 * recommendations fragment comes from the other app's worker, whose own catalogue sub-request is a
 * cache hit too (issue 17).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevApp, type DevLog } from '@weft/cli';
import { freePort } from '../../../test/support/free-port.ts';

type Trace = NonNullable<Awaited<ReturnType<DevApp['trace']>>>;
const quiet: DevLog = { info: () => undefined, error: () => undefined };
const configOf = (app: string): string => fileURLToPath(new URL(`../../${app}/weft.config.ts`, import.meta.url));

let page: DevApp;
let reco: DevApp;

async function traceOf(id: string): Promise<Trace> {
  let found: Trace | undefined;
  await expect.poll(async () => (found = await page.trace(id))?.complete).toBe(true);
  if (found === undefined) throw new Error(`no trace ${id}`);
  return found;
}

async function load(): Promise<{ text: string; trace: Trace }> {
  const response = await fetch(`${page.server?.url ?? ''}/`);
  const text = await response.text();
  expect(response.status).toBe(200);
  return { text, trace: await traceOf(response.headers.get('x-weft-trace-id') ?? '') };
}

const lookups = (trace: Trace): Record<string, string | undefined> =>
  Object.fromEntries(trace.subrequests.map((sub) => [new URL(sub.url).pathname, sub.cache?.lookup ?? (sub.subWorker === undefined ? 'none' : 'subWorker')]));

beforeAll(async () => {
  const [pagePort, recoPort] = [await freePort(), await freePort()];
  const apps = new Map([
    ['personalized-page', { url: `http://127.0.0.1:${pagePort}`, acceptsSubWorkers: false }],
    ['recommendations', { url: `http://127.0.0.1:${recoPort}`, acceptsSubWorkers: true }],
  ]);
  reco = await DevApp.start(configOf('recommendations'), recoPort, quiet, { threads: 0, apps });
  page = await DevApp.start(configOf('personalized-page'), pagePort, quiet, { threads: 0, apps });
});
afterAll(async () => {
  await page?.close();
  await reco?.close();
});

describe('personalized-page under weft dev, with the recommendations subWorker', () => {
  it('serves the fragments from the cache on the second request, and the recommendations from the other app', async () => {
    const first = await load();
    expect(first.text).toContain('<h2>Picked for you</h2><ul><li>Wool scarf</li><li>Leather gloves</li></ul>');
    expect(lookups(first.trace)).toEqual({
      '/fragments/header': 'miss', '/fragments/hero/desktop': 'miss', '/fragments/footer': 'miss', '/fragments/reviews': 'miss',
      '/fragments/reviews-cached': 'miss', '/promotions/FR': 'miss', '/fragments/recommendations': 'subWorker',
    });

    const second = await load();
    expect(second.text).toContain('Wool scarf');
    expect(lookups(second.trace)).toEqual({
      '/fragments/header': 'hit', '/fragments/hero/desktop': 'hit', '/fragments/footer': 'hit',
      // A 503 is not cacheable: asked again every time, its fallbackUrl's copy (cached) shown.
      '/fragments/reviews': 'miss', '/fragments/reviews-cached': 'hit',
      '/promotions/FR': 'hit', '/fragments/recommendations': 'subWorker',
    });
    const call = second.trace.subrequests.find((sub) => sub.subWorker !== undefined)?.subWorker;
    expect(call).toMatchObject({ app: 'recommendations', depth: 1 });
    const child = await traceOf(call?.traceId ?? '');
    expect(child.parentId).toBe(second.trace.id);
    expect(child.subrequests[0]).toMatchObject({ url: 'https://catalog.weft.example/picks/all', cache: { lookup: 'hit' } });
  });
});
