/**
 * `weft dev` save → served: the time from writing a source file to the response of the next
 * request carrying the change. Weft rebuilds incrementally (esbuild context) and swaps the loaded
 * bundle in-process. Compared in the same run with (0) the floor, an esbuild incremental rebuild
 * alone, (1) the named peer, Miniflare 4 (workerd) driven as `wrangler dev` drives it: esbuild
 * rebuild, `setOptions` with the new script, then the request, and (2) a restart-style loop (a
 * cold start of the whole Weft app per change, as Viceroy restarts its process). The worker is 40
 * modules of TypeScript (the same modules for both runtimes). Targets (issue 16): p50 <= 100 ms
 * and p95 <= 300 ms while two busy processes load the machine (BENCH_BUSY).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import { DevApp, bundleWorker } from '@weft/cli';
import { recordRows, times } from './support/results.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '15');
const MODULES = 40;
const silent = { info: () => undefined, error: () => undefined };
// BENCH_THREADS=0 keeps every build in-process; by default an edge thread takes over once saves pause.
const threads = Number(process.env.BENCH_THREADS ?? '1');

function writeApp(dir: string, version: number): void {
  for (let index = 0; index < MODULES; index += 1) {
    writeFileSync(path.join(dir, `src/part${index}.ts`), `export function part${index}(input: string): string {\n  return input + '${'x'.repeat(200)}'.slice(0, ${index + 1});\n}\n`);
  }
  const imports = Array.from({ length: MODULES }, (_, index) => `import { part${index} } from './part${index}.ts';`).join('\n');
  const calls = Array.from({ length: MODULES }, (_, index) => `part${index}`).join(', ');
  writeMain(dir, version, imports, calls);
}

function writeMain(dir: string, version: number, imports = Array.from({ length: MODULES }, (_, index) => `import { part${index} } from './part${index}.ts';`).join('\n'), calls = Array.from({ length: MODULES }, (_, index) => `part${index}`).join(', ')): void {
  writeFileSync(path.join(dir, 'src/main.ts'), `${imports}
const parts = [${calls}];
export function onClientRequest(request: EW.IngressClientRequest): void {
  request.respondWith(200, {}, 'v${version}:' + parts.reduce((text, part) => part(text), '').length);
}
`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-reload-'));
mkdirSync(path.join(dir, 'src'));
writeApp(dir, 0);
writeFileSync(path.join(dir, 'weft.config.ts'), `export default { entry: 'src/main.ts', mocks: { origin: { routes: { '/': 'origin' } } }, origin: 'mock:origin' };\n`);
const config = path.join(dir, 'weft.config.ts');

// Issue 16: the loops are timed while BENCH_BUSY (default 2) busy processes load the machine, as
// a developer's build, browser and editor do; BENCH_BUSY=0 times them on a quiet machine.
const BUSY = Number(process.env.BENCH_BUSY ?? '2');
const busy = Array.from({ length: BUSY }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
process.on('exit', () => {
  for (const child of busy) child.kill('SIGKILL');
});

// (0) esbuild incremental rebuild alone (no write, no load): the floor.
const floor: number[] = [];
{
  const { createWorkerBuilder } = await import('../packages/cli/src/bundle/bundle-worker.ts');
  const builder = await createWorkerBuilder(path.join(dir, 'src/main.ts'), { appDir: dir });
  await builder.rebuild();
  for (let round = 1; round <= ROUNDS; round += 1) {
    writeMain(dir, 1000 + round);
    const t0 = performance.now();
    await builder.rebuild();
    floor.push(performance.now() - t0);
  }
  await builder.dispose();
}

// (1) weft dev: save, then the next request.
const weft: number[] = [];
const app = await DevApp.start(config, 0, silent, { threads });
const base = app.server?.url ?? '';
await (await fetch(`${base}/`)).text();
for (let round = 1; round <= ROUNDS; round += 1) {
  const t0 = performance.now();
  writeMain(dir, round);
  const text = await (await fetch(`${base}/`)).text();
  weft.push(performance.now() - t0);
  if (!text.startsWith(`v${round}:`)) throw new Error(`round ${round}: served "${text}", expected the saved version`);
}
await app.close();

// (2) restart-style loop: a cold start of the whole app for each change.
const restart: number[] = [];
for (let round = 1; round <= Math.min(ROUNDS, 8); round += 1) {
  const t0 = performance.now();
  writeMain(dir, 500 + round);
  const fresh = await DevApp.start(config, 0, silent, { threads });
  const text = await (await fetch(`${fresh.server?.url ?? ''}/`)).text();
  restart.push(performance.now() - t0);
  await fresh.close();
  if (!text.startsWith(`v${500 + round}:`)) throw new Error(`restart served "${text.slice(0, 200)}"`);
}

// (1) Miniflare 4: the same modules behind a Workers-style fetch handler; save → rebuild → setOptions → request.
function writeCfMain(version: number): void {
  const imports = Array.from({ length: MODULES }, (_, index) => `import { part${index} } from './part${index}.ts';`).join('\n');
  const calls = Array.from({ length: MODULES }, (_, index) => `part${index}`).join(', ');
  writeFileSync(path.join(dir, 'src/cf-main.ts'), `${imports}\nconst parts = [${calls}];\nexport default { fetch(): Response { return new Response('v${version}:' + parts.reduce((text, part) => part(text), '').length); } };\n`);
}
const miniflare: number[] = [];
{
  writeCfMain(0);
  const context = await esbuild.context({ entryPoints: [path.join(dir, 'src/cf-main.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  const script = async (): Promise<string> => (await context.rebuild()).outputFiles?.[0]?.text ?? '';
  const mf = new Miniflare({ modules: true, script: await script() });
  await (await mf.dispatchFetch('http://localhost/')).text();
  for (let round = 1; round <= ROUNDS; round += 1) {
    const t0 = performance.now();
    writeCfMain(round);
    await mf.setOptions({ modules: true, script: await script() });
    const text = await (await mf.dispatchFetch('http://localhost/')).text();
    miniflare.push(performance.now() - t0);
    if (!text.startsWith(`v${round}:`)) throw new Error(`miniflare round ${round} served "${text}"`);
  }
  await mf.dispose();
  await context.dispose();
}

for (const child of busy) child.kill('SIGKILL');
const bundled = await bundleWorker(path.join(dir, 'src/main.ts'), { appDir: dir });
const rows = [
  ['esbuild incremental rebuild only (floor)', median(floor)],
  ['weft dev: save → next response', median(weft)],
  ['Miniflare 4 (workerd): rebuild → setOptions → response', median(miniflare)],
  ['Weft cold start per change (Viceroy-style restart)', median(restart)],
] as const;
const weftMs = median(weft);
console.log(`worker: ${MODULES + 1} TS modules, ${(bundled.code.length / 1024).toFixed(1)} KB bundled; ${ROUNDS} rounds (median); ${BUSY} busy processes loading the machine`);
console.log('| loop | median ms | vs weft dev |');
console.log('|---|---:|---:|');
for (const [name, value] of rows) console.log(`| ${name} | ${value.toFixed(1)} | ${(value / weftMs).toFixed(2)}x |`);
console.log(`weft dev max ${Math.max(...weft).toFixed(1)} ms; target < 300 ms: ${weftMs < 300 ? 'met' : 'MISSED'}`);
const sorted = [...weft].sort((x, y) => x - y);
const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
recordRows('dev-reload', [
  { row: `weft dev: save → next response, p50 (${MODULES + 1}-module worker, ${BUSY} busy processes)`, target: '<= 100 ms (issue 16)', figure: `${weftMs.toFixed(1)} ms`, met: weftMs <= 100 },
  { row: 'weft dev: save → next response, p95', target: '<= 300 ms (issue 16)', figure: `${p95.toFixed(1)} ms`, met: p95 <= 300 },
  { row: 'weft dev against Miniflare 4 rebuild → setOptions → response (medians)', target: '-', figure: times(weftMs / median(miniflare)), met: undefined },
]);
