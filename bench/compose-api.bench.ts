/**
 * API orchestration (issue 6), each figure next to its baseline in the same run:
 *
 * 1. Overhead over the critical path: five sources behind loopback origins with fixed latencies of
 *    20/40/60/80/100 ms (in a separate, lean process that honours each latency to 0.1 ms), p50 and
 *    p99 latency minus 100 ms, at 1 and 100 concurrent clients in a steady closed loop: the toolkit
 *    against a hand-written `Promise.all` with the same sub-requests, against the critical path
 *    alone (one request to the 100 ms origin), and against the machine's floor: the same five
 *    requests with plain undici and no Weft at all. Then a dependency chain 20 → 40 → 60 → 80 → 100
 *    (minus 300 ms) against sequential awaits.
 *    Each provider runs in this process as the runtime runs it (runInvocation with the platform's
 *    request object and http-request module), so the numbers are the worker's, not the runtime's.
 * 2. CPU per request of the example (apps/api-orchestration) with ~10 KB of JSON per source,
 *    against the hand-written equivalent and against the transport alone (same sub-requests read as
 *    text: the platform's HTTP client, which the edge does not bill to the worker in the same way).
 *    Every worker runs from its esbuild bundle (minified, as `weft build` ships it).
 * 3. Bundle size of the example's main.js (esbuild, minified, built-ins external) against the
 *    hand-written equivalent; limits 512 KB compressed / 1 MB uncompressed (spec §21.2).
 *
 * KrakenD, the JSON-aggregation peer, is a Go binary that is neither on npm nor in Debian's archive,
 * and this machine reaches no other network, so it cannot run here; the hand-written Promise.all is
 * the baseline every figure is compared to instead.
 */
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { request } from 'undici';
import { createOutboundAgent } from '@weft/runtime';
import { closedLoop, cpuPerCall, failures, steadyLoad } from './compose-api/load.ts';
import { percentile, table } from './compose-api/stats.ts';
import { bundleSize, importBundled } from './compose-api/bundle.ts';
import { get } from './compose-api/http.ts';
import { weftServe, type Served } from './support/weft-serve.ts';
import { recordRows } from './support/results.ts';

register(new URL('./compose-api/builtins-hooks.mjs', import.meta.url));
const { callOnce, makeRequest } = await import('./compose-api/edge.ts');
type Provider = Parameters<typeof callOnce>[0];
// Every worker runs from its esbuild bundle (what ships), toolkit and baselines alike.
const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const workers = await importBundled<typeof import('./compose-api/workers.ts')>(entry('./compose-api/workers.ts'));
const baselineExample = await importBundled<{ responseProvider: Provider; transportOnly: Provider }>(entry('./compose-api/example-baseline.ts'));
const example = await importBundled<{ responseProvider: Provider }>(entry('../apps/api-orchestration/src/main.ts'));

// ---------------------------------------------------------------- origins (own process)
const child = spawn(process.execPath, ['--conditions=weft-source', '--import', 'tsx', fileURLToPath(new URL('./compose-api/origin-process.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
if (child.stdout === null) throw new Error('origin process has no stdout');
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const { port } = JSON.parse(line.toString()) as { port: number };
const originUrl = `http://127.0.0.1:${port}`;
const hosts = new Map([
  ['origin.bench', originUrl],
  ['users.weft.example', originUrl],
  ['carts.weft.example', originUrl],
  ['prices.weft.example', originUrl],
  ['recs.weft.example', originUrl],
]);

const call = (provider: Provider, request = makeRequest()) => () => callOnce(provider, hosts, request);
const { LATENCIES } = workers;

// Two cores shared with whatever else runs: say how busy the machine was, since every figure depends on it.
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min, 2 cores)`);

// ---------------------------------------------------------------- 1. latency overhead
interface Variant {
  name: string;
  call: () => Promise<number>;
}

// What this machine gives with no Weft at all: the same five requests with undici's request() on
// the same agent (the platform module dispatches with a lighter handler, so it can come out ahead).
const rawAgent = createOutboundAgent();
const rawGet = async (path: string): Promise<number> => {
  const response = await request(`${originUrl}${path}`, { dispatcher: rawAgent });
  JSON.parse(await response.body.text());
  return response.statusCode;
};
const rawParallel = async (): Promise<number> => {
  const statuses = await Promise.all(LATENCIES.map((ms) => rawGet(`/latency/${ms}`)));
  return statuses.every((s) => s === 200) ? 200 : 502;
};
const rawChain = async (): Promise<number> => {
  for (const ms of LATENCIES) if ((await rawGet(`/latency/${ms}`)) !== 200) return 502;
  return 200;
};

async function latencyTable(title: string, criticalMs: number, variants: Variant[], plan: Array<{ clients: number; seconds: number; rounds: number }>): Promise<void> {
  const rows: Array<Array<string | number>> = [];
  for (const { clients, seconds, rounds } of plan) {
    const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (const v of variants) await closedLoop(clients, 2, v.call); // open the connections, warm the JIT
    for (let round = 0; round < rounds; round++) {
      // Alternate variants every round so drift on a busy 2-core machine hits all of them alike.
      for (const v of variants) {
        const label = `${title.split(':')[0]} / ${v.name} / ${clients} clients`;
        samples.get(v.name)?.push(...(await steadyLoad({ clients, seconds, cycleMs: criticalMs }, v.call, label)));
      }
    }
    const base = samples.get(variants[0]?.name ?? '') ?? [];
    for (const v of variants) {
      const list = samples.get(v.name) ?? [];
      const p50 = percentile(list, 50) - criticalMs;
      const p99 = percentile(list, 99) - criticalMs;
      const vs = v === variants[0] ? '—' : `${(p50 - (percentile(base, 50) - criticalMs)).toFixed(2)} / ${(p99 - (percentile(base, 99) - criticalMs)).toFixed(2)}`;
      rows.push([clients, v.name, list.length, p50, p99, vs]);
    }
  }
  console.log(`\n${title}`);
  console.log(table(['clients', 'variant', 'samples', `p50 − ${criticalMs} ms`, `p99 − ${criticalMs} ms`, `vs ${variants[0]?.name} (p50 / p99 ms)`], rows));
}

await latencyTable(
  'Five parallel sources (20/40/60/80/100 ms): latency over the critical path, ms (steady closed loop, starts spread over 100 ms)',
  100,
  [
    { name: 'no Weft: undici request() in Promise.all', call: rawParallel },
    { name: 'critical path alone (1 sub-request, 100 ms)', call: call(workers.floorParallel) },
    { name: 'hand-written Promise.all', call: call(workers.baselineParallel) },
    { name: '@weft/compose api()', call: call(workers.toolkitParallel) },
  ],
  [
    { clients: 1, seconds: 3, rounds: 2 },
    { clients: 100, seconds: 3, rounds: 2 },
  ],
);

await latencyTable(
  'Dependency chain 20 → 40 → 60 → 80 → 100 ms: latency over the sum (300 ms), ms',
  300,
  [
    { name: 'no Weft: undici request() awaited in turn', call: rawChain },
    { name: 'hand-written sequential awaits', call: call(workers.baselineChain) },
    { name: '@weft/compose api() with dependsOn', call: call(workers.toolkitChain) },
  ],
  [
    { clients: 1, seconds: 3, rounds: 1 },
    { clients: 100, seconds: 3, rounds: 1 },
  ],
);

// The same three workers through the whole local runtime as `weft serve` runs it (own process:
// HTTP server, edge thread, sandbox, pipeline, trace): the runtime's own cost, for context; the
// rows above are the worker's share. The clients stay in this process, the origins in theirs.
const served = new Map<string, Served>();
for (const [name, file] of [['critical path alone (1 sub-request, 100 ms)', 'floor.ts'], ['hand-written Promise.all', 'baseline.ts'], ['@weft/compose api()', 'toolkit.ts']] as const) {
  served.set(name, await weftServe(entry(`./compose-api/entries/${file}`), ['--origin', originUrl, '--host', `origin.bench=${originUrl}`]));
}
await latencyTable(
  'The same, through `weft serve` over HTTP (own process: server, edge thread, sandbox, pipeline, trace), ms',
  100,
  [...served].map(([name, s]) => ({ name, call: () => get(`${s.url}/`) })),
  [
    { clients: 1, seconds: 2, rounds: 1 },
    { clients: 100, seconds: 3, rounds: 1 },
  ],
);
for (const s of served.values()) s.close();
await rawAgent.close();

// ---------------------------------------------------------------- 2a. CPU per composition (what queues at 100 clients)
{
  const variants: Array<[string, Provider]> = [
    ['critical path alone (1 sub-request)', workers.floorParallel],
    ['hand-written Promise.all (5 sub-requests)', workers.baselineParallel],
    ['@weft/compose api() (5 sub-requests)', workers.toolkitParallel],
  ];
  const perBlock = 200;
  const cpuOf = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let block = 0; block < 12; block++) {
    for (const [name, provider] of variants) {
      globalThis.gc?.();
      const before = process.cpuUsage();
      await closedLoop(50, perBlock / 50, call(provider));
      const used = process.cpuUsage(before);
      cpuOf.get(name)?.push((used.user + used.system) / 1000 / perBlock);
    }
  }
  const base = percentile(cpuOf.get(variants[1][0]) ?? [], 50);
  console.log('\nCPU per composition in this process (platform http-request + worker code; median of 12 blocks of 200 at 50 concurrent), ms');
  console.log(table(['variant', 'CPU ms', 'vs hand-written Promise.all'], variants.map(([name]) => {
    const ms = percentile(cpuOf.get(name) ?? [], 50);
    return [name, ms, name === variants[1][0] ? '—' : `${ms - base >= 0 ? '+' : ''}${(ms - base).toFixed(3)} ms`];
  })));
}

// ---------------------------------------------------------------- 2b. CPU per request of the example
const desktopFr = makeRequest({ location: { country: 'FR' }, device: { isMobile: 'false', isTablet: 'false' } });
const cpuVariants: Array<[string, Provider]> = [
  ['transport only (4 sub-requests read as text)', baselineExample.transportOnly as Provider],
  ['hand-written example (Promise.all + zod/mini)', baselineExample.responseProvider as Provider],
  ['apps/api-orchestration (@weft/compose + zod/mini)', example.responseProvider as Provider],
];
for (const [, provider] of cpuVariants) for (let i = 0; i < 100; i++) await call(provider, desktopFr)();
const cpu = new Map<string, number[]>(cpuVariants.map(([name]) => [name, []]));
for (let block = 0; block < 6; block++) {
  for (const [name, provider] of cpuVariants) {
    globalThis.gc?.();
    cpu.get(name)?.push(await cpuPerCall(60, call(provider, desktopFr)));
  }
}
const transport = percentile(cpu.get(cpuVariants[0][0]) ?? [], 50);
console.log('\nCPU per request of the example, 4 sources of ~10 KB JSON each (median of 6 blocks of 60 sequential requests; this process only, origins elsewhere), ms');
console.log(
  table(
    ['variant', 'CPU ms / request', 'minus transport (worker code)', 'share of the 200 ms budget'],
    cpuVariants.map(([name]) => {
      const ms = percentile(cpu.get(name) ?? [], 50);
      return [name, ms, name === cpuVariants[0][0] ? '—' : (ms - transport).toFixed(2), `${((ms / 200) * 100).toFixed(1)} %`];
    }),
  ),
);

// ---------------------------------------------------------------- 3. bundle size
const sizes = [
  ['hand-written example (zod/mini)', await bundleSize(fileURLToPath(new URL('./compose-api/example-baseline.ts', import.meta.url)))],
  ['apps/api-orchestration main.js (@weft/compose + zod/mini)', await bundleSize(fileURLToPath(new URL('../apps/api-orchestration/src/main.ts', import.meta.url)))],
] as const;
console.log('\nBundle size of main.js (esbuild, minified, built-ins external); platform limit 512 KB gz / 1024 KB raw, target < 64 KB gz');
console.log(table(['bundle', 'raw KB', 'gzip KB', 'gzip vs hand-written'], sizes.map(([name, s]) => [name, s.rawKb, s.gzKb, `${(s.gzKb / sizes[0][1].gzKb).toFixed(2)}x`])));

const orchestration = sizes[1][1];
recordRows('compose-api', [
  { row: 'apps/api-orchestration main.js (@weft/compose + zod/mini), gzip', target: '< 64 KB gz', figure: `${orchestration.gzKb.toFixed(1)} KB`, met: orchestration.gzKb < 64 },
  { row: 'the same against a hand-written example, gzip', target: '-', figure: `${(orchestration.gzKb / sizes[0][1].gzKb).toFixed(2)}x`, met: undefined },
]);
if (failures.size > 0) console.log(`\nNon-200 answers (not timed): ${[...failures].map(([k, n]) => `${k}: ${n}`).join('; ')}`);
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
child.kill();
process.exit(0);
