// Builds every package to JavaScript with declarations (packages/<name>/dist), as its packed
// tarball ships it: tsc emits the sources (imports rewritten from .ts to .js), the files the
// sources read at run time are copied beside them, and the runtime gets the platform script its
// worker realms evaluate, bundled now instead of at every start.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.build');
const PACKAGES = readdirSync(path.join(ROOT, 'packages')).filter((name) => existsSync(path.join(ROOT, 'packages', name, 'src')));

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) fail('tsc failed (above); `pnpm typecheck` shows the same errors');

/** Files under src that are not TypeScript and that the code reads at run time (viewer assets, .mjs thread entries). */
function copyAssets(from, to) {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    if (statSync(source).isDirectory()) copyAssets(source, path.join(to, name));
    else if (!name.endsWith('.ts') && !name.endsWith('.md')) cpSync(source, path.join(to, name));
  }
}

for (const name of PACKAGES) {
  const dist = path.join(ROOT, 'packages', name, 'dist');
  rmSync(dist, { recursive: true, force: true });
  renameSync(path.join(OUT, name, 'src'), dist);
  copyAssets(path.join(ROOT, 'packages', name, 'src'), dist);
}
rmSync(OUT, { recursive: true, force: true });

const { bundlePlatform } = await tsImport('../packages/runtime/src/sandbox/kernel-script.ts', import.meta.url);
writeFileSync(path.join(ROOT, 'packages/runtime/dist/sandbox/platform-script.txt'), bundlePlatform());
process.stdout.write(`built ${PACKAGES.map((name) => `packages/${name}/dist`).join(', ')}\n`);
