// Runs every benchmark under bench/ (or the ones named on the command line), one after another,
// so each compares Weft with its peers in the same run on a quiet machine.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('../bench', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(dir).filter((f) => /\.bench\.(ts|mjs)$/.test(f)).filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w))).sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, script)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
