/**
 * Sub-requests through the cache (issue 17): the second request of apps/personalized-page as
 * `weft dev` serves it (with its recommendations subWorker, apps/recommendations, each app on its
 * edge thread), with the runtime's cache on (the default: the page's fragments and promotions and
 * the subWorker's catalogue come from the cache the second time) against the same two apps with
 * `cache: { enabled: false }` (every sub-request goes out again; the catalogue alone takes 500 ms).
 * Each round starts both apps afresh, sends the first request, then times the second one to its
 * last byte. BENCH_ROUNDS=1 for a quick check.
 */
import { fileURLToPath } from 'node:url';
import { DevApp, type DevLog } from '@weft/cli';
import { recordRows, times } from './support/results.ts';
import { freePort } from '../test/support/free-port.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '5');
// The page's own warning (its reviews fragment fails on purpose) on every request is noise here; a real failure throws.
const quiet: DevLog = { info: () => undefined, error: () => undefined };
const configOf = (app: string): string => fileURLToPath(new URL(`../apps/${app}/weft.config.ts`, import.meta.url));

/** Both apps on their edge threads (a thread takes over from the in-process start once it is up). */
async function onThreads(apps: DevApp[]): Promise<void> {
  for (let waited = 0; !apps.every((app) => app.buildStatus().isolation === 'thread'); waited += 20) {
    if (waited > 30_000) throw new Error('the edge threads did not take over within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function get(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200 || !text.includes('Picked for you')) throw new Error(`${url} answered ${response.status} without its recommendations`);
  return performance.now() - started;
}

/** One round: fresh apps, the first request, then the timed second request (ms). */
async function secondRequest(cache: boolean): Promise<number> {
  const [pagePort, recoPort] = [await freePort(), await freePort()];
  const apps = new Map([
    ['personalized-page', { url: `http://127.0.0.1:${pagePort}`, acceptsSubWorkers: false }],
    ['recommendations', { url: `http://127.0.0.1:${recoPort}`, acceptsSubWorkers: true }],
  ]);
  const options = { threads: 1, apps, ...(cache ? {} : { overrides: { cache: { enabled: false } } }) };
  const reco = await DevApp.start(configOf('recommendations'), recoPort, quiet, options);
  const page = await DevApp.start(configOf('personalized-page'), pagePort, quiet, options);
  try {
    await onThreads([reco, page]);
    const url = `${page.server?.url ?? ''}/`;
    await get(url);
    return await get(url);
  } finally {
    await page.close();
    await reco.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const cached: number[] = [];
const uncached: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so a change of the machine's load touches both alike.
  cached.push(await secondRequest(true));
  uncached.push(await secondRequest(false));
}
const withCache = median(cached);
const without = median(uncached);
console.table([
  { '': 'sub-request caching on', 'median ms': withCache.toFixed(1), 'rounds ms': cached.map((t) => t.toFixed(1)).join(' ') },
  { '': 'sub-request caching off', 'median ms': without.toFixed(1), 'rounds ms': uncached.map((t) => t.toFixed(1)).join(' ') },
]);
console.log(`${ROUNDS} rounds, interleaved; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores)`);
recordRows('subrequest-cache', [
  {
    row: 'personalized page, second request: latency with sub-request caching against without',
    target: '-',
    figure: `${withCache.toFixed(1)} ms against ${without.toFixed(1)} ms (${times(withCache / without)})`,
    met: undefined,
  },
]);
