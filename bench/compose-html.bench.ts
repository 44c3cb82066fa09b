/**
 * HTML assembly and injection (issue 7), each against its peer in the same run:
 *
 * 1. TTFB of a page assembled from five fragments, the slowest answering after 500 ms, through the
 *    whole runtime (bundle → sandbox → pipeline → edge server), against the template's own first
 *    byte served by the same runtime; side by side with a buffered baseline (fetch all, then send)
 *    and Zalando Tailor 3.9.2 (node-tailor from npm) assembling the same page from the same origin.
 * 2. Injection throughput (a script before </head> and a banner streamed in) against a
 *    pass-through of the same origin page: through the whole runtime at the largest page the
 *    platform lets a sub-request stream (8 MB at tier 280, spec §21), both as `weft serve` runs it
 *    (own process, edge thread) and in-process (@weft/testing), and for a 10 MB page through the
 *    platform modules in-process (runInvocation) with that cap lifted.
 *    The head append through `weft serve` is also set against html-rewriter-wasm (lol-html)
 *    appending the same script to the same page in this process (issue 16: >= 1.5x).
 * 3. Peak RSS growth while a 200 MB page streams through the injection (separate process).
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Tailor from 'node-tailor';
import { startWorker, type RunningWorker } from '@weft/testing';
import { measureInClient, median, type Timing } from './compose-html/measure.ts';
import { fragmentOrigin, pageOrigin } from './compose-html/origin.ts';
import { FRAGMENT_HOST, tailorTemplate } from './compose-html/page.ts';
import { registerBuiltins } from './compose-html/builtins.ts';
import { wasmHeadAppend } from './compose-html/wasm-in-process.ts';
import { weftServe } from './support/weft-serve.ts';
import { recordRows, times } from './support/results.ts';

registerBuiltins();
const { inProcessThroughput } = await import('./compose-html/in-process.ts');
const here = (file: string) => fileURLToPath(new URL(`./compose-html/${file}`, import.meta.url));
const fragments = await fragmentOrigin();
const pages = await pageOrigin();

async function worker(entry: string, origin: string, tier: 100 | 200 | 280 = 200): Promise<{ worker: RunningWorker; url: string }> {
  const running = await startWorker({ entry: here(`workers/${entry}`), options: { origin, hosts: { [FRAGMENT_HOST]: fragments.url }, tier } });
  return { worker: running, url: await running.listen() };
}

async function tailorServer(): Promise<{ url: string; close(): Promise<void> }> {
  const template = tailorTemplate(fragments.url);
  const fetchTemplate = (_req: unknown, parseTemplate: (t: string) => Promise<unknown>) => parseTemplate(template);
  const tailor = new Tailor({ fetchTemplate: fetchTemplate as never });
  const server = createServer(tailor.requestHandler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

// ---------------------------------------------------------------- 1. TTFB
const variants = {
  'template alone (Weft runtime)': await worker('template-only.ts', pages.url),
  'Weft definePage, streamed': await worker('assembled.ts', pages.url),
  'buffered baseline (Weft runtime, fetch all then send)': await worker('buffered.ts', pages.url),
};
const tailor = await tailorServer();
const urls: Record<string, string> = Object.fromEntries(Object.entries(variants).map(([name, v]) => [name, `${v.url}/`]));
urls['Zalando Tailor 3.9.2 (node-tailor)'] = `${tailor.url}/`;
const ROUNDS = 25;
const samples = await measureInClient(urls, ROUNDS);
for (const [name, list] of Object.entries(samples)) {
  const failed = list.find((t) => t.status !== 200);
  if (failed !== undefined) throw new Error(`${name}: status ${failed.status}`);
}
const floor = median(samples['template alone (Weft runtime)']?.map((t) => t.ttfbMs) ?? []);
console.log(`\nTTFB, page of 5 fragments (slowest 500 ms), median of ${ROUNDS} sequential requests on loopback (client in its own process)`);
console.log('| variant | TTFB ms | vs template alone | last byte ms | bytes |');
console.log('|---|---|---|---|---|');
for (const [name, list] of Object.entries(samples)) {
  const ttfb = median(list.map((t) => t.ttfbMs));
  console.log(`| ${name} | ${ttfb.toFixed(1)} | ${name.startsWith('template') ? '—' : `${ttfb >= floor ? '+' : '−'}${Math.abs(ttfb - floor).toFixed(1)} ms (${(ttfb / floor).toFixed(1)}x)`} | ${median(list.map((t) => t.totalMs)).toFixed(1)} | ${list[0]?.bytes ?? 0} |`);
}
for (const v of Object.values(variants)) await v.worker.close();
await tailor.close();

// ---------------------------------------------------------------- 2. Throughput
// The largest page a sub-request may stream: 8 MB at the Enterprise tier (spec §21.1); 10 MB runs
// only through the platform modules below, with the cap lifted.
const RUNTIME_TIER = 280;
const RUNTIME_MB = 7.5;
const rate = (list: readonly Timing[] | undefined): { mbps: number; bytes: number } => {
  for (const t of list ?? []) if (t.status !== 200) throw new Error(`throughput: status ${t.status}`);
  return { mbps: median((list ?? []).map((t) => t.bytes / 1048576 / (t.totalMs / 1000))), bytes: list?.[0]?.bytes ?? 0 };
};
const page = `/page?mb=${RUNTIME_MB}`;
const serveArgs = ['--origin', pages.url, '--host', `${FRAGMENT_HOST}=${fragments.url}`, '--tier', String(RUNTIME_TIER)];
const served = {
  pass: await weftServe(here('workers/passthrough.ts'), serveArgs),
  inject: await weftServe(here('workers/inject.ts'), serveArgs),
  everywhere: await weftServe(here('workers/inject-everywhere.ts'), serveArgs),
};
const viaServe = await measureInClient({ pass: `${served.pass.url}${page}`, inject: `${served.inject.url}${page}`, everywhere: `${served.everywhere.url}${page}` }, 25, 3);
for (const s of Object.values(served)) s.close();
// The peer of issue 16's end-to-end row, measured once the served processes are gone.
const wasm = await wasmHeadAppend(`${pages.url}${page}`, 25);
const pass = await worker('passthrough.ts', pages.url, RUNTIME_TIER);
const inj = await worker('inject.ts', pages.url, RUNTIME_TIER);
const flows = await measureInClient({ pass: `${pass.url}${page}`, inject: `${inj.url}${page}` }, 25, 3);
await pass.worker.close();
await inj.worker.close();
const local = await inProcessThroughput(pages.url, 10, 15);
/**
 * The client alternates the variants every round, so round i of each ran side by side: the median
 * of the per-round ratios is steadier than the ratio of the medians when the machine drifts.
 */
const pairedRatio = (pass: readonly Timing[] = [], inj: readonly Timing[] = []): number =>
  median(inj.map((t, i) => (pass[i] === undefined ? Number.NaN : pass[i].totalMs / pass[i].bytes / (t.totalMs / t.bytes))).filter((r) => !Number.isNaN(r)));
const row = (path: string, passRate: { mbps: number }, injRate: { mbps: number; bytes: number }, ratio: number, alone = '—') =>
  `| ${path} | ${(injRate.bytes / 1048576).toFixed(1)} MB | ${passRate.mbps.toFixed(1)} | ${alone} | ${injRate.mbps.toFixed(1)} | ${(ratio * 100).toFixed(0)}% |`;
console.log('\nInjection throughput (script before </head> + a banner streamed in), MB/s, median of 25 (15 in-process); a tag-dense listing page (~60 tags per KB); the ratio is the median of per-round ratios (in-process modules: of the medians)');
console.log('| path | page | pass-through MB/s | HtmlRewritingStream alone MB/s | inject() MB/s | inject() / pass-through |');
console.log('|---|---|---|---|---|---|');
console.log(row('`weft serve` (own process, 1 edge thread: server → pipeline → sandbox → http-request → html-rewriter), origin in another process', rate(viaServe.pass), rate(viaServe.inject), pairedRatio(viaServe.pass, viaServe.inject)));
console.log(row('the same, plus loading="lazy" on every img (a selector that can match anywhere: the whole page is parsed)', rate(viaServe.pass), rate(viaServe.everywhere), pairedRatio(viaServe.pass, viaServe.everywhere)));
const endToEnd = rate(viaServe.inject).mbps / wasm.mbps;
recordRows('compose-html', [
  { row: 'inject() through weft serve: MB/s against pass-through of the same page', target: '-', figure: `${(pairedRatio(viaServe.pass, viaServe.inject) * 100).toFixed(0)}%`, met: undefined },
  { row: 'inject() + img attribute everywhere through weft serve: against pass-through', target: '-', figure: `${(pairedRatio(viaServe.pass, viaServe.everywhere) * 100).toFixed(0)}%`, met: undefined },
  { row: 'head append through weft serve (inject()): MB/s against html-rewriter-wasm in-process', target: '>= 1.5x (issue 16)', figure: times(endToEnd), met: endToEnd >= 1.5 },
]);
console.log(row('runtime in-process (@weft/testing startWorker: the same pipeline without the edge thread), origin in the same process', rate(flows.pass), rate(flows.inject), pairedRatio(flows.pass, flows.inject)));
console.log(row('platform modules in-process (runInvocation, sub-request size cap lifted)', { mbps: local.mbps.passthrough }, { mbps: local.mbps.inject, bytes: local.bytes }, local.mbps.inject / local.mbps.passthrough, local.mbps.rewriter.toFixed(1)));
console.log(
  `\nhead append end to end: inject() through \`weft serve\` ${rate(viaServe.inject).mbps.toFixed(1)} MB/s (client wall clock, the banner streamed in too); ` +
    `html-rewriter-wasm appending the same script in this process ${wasm.mbps.toFixed(1)} MB/s (wall clock of the rewrite alone; ${wasm.cpuMbps.toFixed(1)} in CPU time): ${times(endToEnd)}, target >= 1.5x (issue 16): ${endToEnd >= 1.5 ? 'ok' : 'MISS'}`,
);

// ---------------------------------------------------------------- 3. Memory
console.log('\nPeak RSS growth while a 200 MB page streams (separate process each, after a GC; sampled every 64 chunks)');
console.log('| what | bytes streamed | peak RSS growth MB | heap growth MB |');
console.log('|---|---|---|---|');
for (const mode of ['passthrough', 'inject', 'buffered']) {
  // Asynchronous: this process serves the page while the child streams it.
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--conditions=weft-source', '--import', 'tsx', '--expose-gc', here('memory.ts'), mode, pages.url], { maxBuffer: 1 << 20 }, (error, out, err) =>
      error === null ? resolve(out) : reject(new Error(`memory ${mode} failed: ${err}`)),
    ),
  );
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { bytes: number; rssMb: number; heapMb: number };
  const label = mode === 'inject' ? 'inject() (script + streamed banner)' : mode === 'buffered' ? 'buffered baseline (text() then string insert)' : 'pass-through';
  console.log(`| ${label} | ${(result.bytes / 1048576).toFixed(0)} MB | ${result.rssMb.toFixed(1)} | ${result.heapMb.toFixed(1)} |`);
}
await fragments.close();
await pages.close();
process.exit(0);
