// Runs every benchmark under bench/ (or the ones named on the command line), one after another,
// so each compares Weft with its peers in the same run on a quiet machine. Each bench writes its
// headline rows to bench/results/<bench>.json; with --report the table in bench/README.md is then
// written anew from every results file (`pnpm bench --report --no-run` rewrites it without running).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('../bench', import.meta.url).pathname;
const args = process.argv.slice(2);
const report = args.includes('--report');
const run = !args.includes('--no-run');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--report' && arg !== '--no-run');
if (unknown.length > 0) {
  console.error(`pnpm bench: unknown flag ${unknown.join(', ')}; the flags are --report (rewrite bench/README.md from the results) and --no-run (with --report: do not run the benches first)`);
  process.exit(2);
}

const scripts = readdirSync(dir).filter((f) => /\.bench\.(ts|mjs)$/.test(f)).filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w))).sort();
if (wanted.length > 0 && scripts.length === 0) {
  console.error(`pnpm bench: no benchmark matches ${wanted.join(', ')}; the benchmarks are ${readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', '')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
if (run) {
  for (const script of scripts) {
    console.log(`\n=== ${script} ===`);
    const result = spawnSync(process.execPath, ['--conditions=weft-source', '--import', 'tsx', '--expose-gc', join(dir, script)], { stdio: 'inherit' });
    if (result.status !== 0) failed++;
  }
}
if (report) writeReport();
process.exitCode = failed === 0 ? 0 : 1;

function writeReport() {
  const resultsDir = join(dir, 'results');
  const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort() : [];
  const results = files.map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
  const cell = (text) => String(text).replaceAll('|', '\\|');
  const lines = [
    '# Benchmarks',
    '',
    'Every row a benchmark under `bench/` reports, its target and the figure of its last run, with the',
    'peer it is compared with measured in the same run. `pnpm bench` runs them all (`pnpm bench proxy`',
    'one of them) and writes `bench/results/`; `pnpm bench --report` also rewrites this file from those',
    'results. Figures are comparable only within one run: the machine state is the load average at the',
    'end of that bench (a quiet 2-core machine reads below 1).',
    '',
    '| bench | row | target | last figure | met | measured | machine |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const machine = `${result.machine.cores} cores, load ${result.machine.load.join(' ')}, Node ${result.machine.node}`;
    for (const row of result.rows) {
      const met = row.met === undefined ? '-' : row.met ? 'yes' : '**no**';
      lines.push(`| ${cell(result.bench)} | ${cell(row.row)} | ${cell(row.target)} | ${cell(row.figure)} | ${met} | ${result.measuredAt.slice(0, 16).replace('T', ' ')} UTC | ${cell(machine)} |`);
    }
  }
  if (results.length === 0) lines.push('| - | no results yet: run `pnpm bench` | - | - | - | - | - |');
  writeFileSync(join(dir, 'README.md'), `${lines.join('\n')}\n`);
  console.log(`\nbench/README.md: ${results.reduce((n, r) => n + r.rows.length, 0)} rows from ${results.length} benchmark(s)`);
}
