// Builds every package as its packed tarball ships it (packages/<name>/dist). tsc checks the
// sources and writes the declarations; esbuild bundles each package's entry points into a few
// files (an installed CLI and its edge threads start in a fraction of the time hundreds of small
// modules take to resolve and load); the CLI keeps tsc's one file per module, since its commands
// load lazily. Files the code reads at run time are copied beside the bundles, and the runtime
// gets the platform script its worker realms evaluate, bundled now instead of at every start.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'node:module';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.build');
// The sources import each other under the "weft-source" condition (what tsImport loads below).
register(new URL('../packages/runtime/src/isolation/source-conditions.mjs', import.meta.url));

/**
 * Each bundled package: its entry points (under src/) and how their outputs are named. The runtime
 * is flat (runtime-files.ts finds its thread entries and assets as siblings of any chunk); compose
 * keeps its subpath folders. `assets` are copied from src/ into dist/ (flat).
 */
const BUNDLED = {
  platform: { entries: ['index.ts'], names: '[name]', assets: [] },
  html: { entries: ['index.ts'], names: '[name]', assets: [], inline: ['entities'] },
  compose: { entries: ['index.ts', 'core/index.ts', 'api/index.ts', 'html/index.ts'], names: '[dir]/[name]', assets: [] },
  runtime: { entries: ['index.ts', 'isolation/edge-thread.ts', 'pipeline/edge-handler.ts', 'isolation/standby.ts', 'zod.ts'], names: '[name]', assets: ['isolation/thread-boot.mjs', 'isolation/interrupt-holder.mjs'], inline: ['zod'] },
  // builtins/: one file per built-in module name, which @weft/testing/vitest aliases worker imports to.
  testing: { entries: ['index.ts', 'vitest.ts', ...readdirSync(path.join(ROOT, 'packages/testing/src/builtins')).map((file) => `builtins/${file}`)], names: '[dir]/[name]', assets: [] },
};
/** Packages shipped as tsc wrote them, one JavaScript file per module, with their non-TypeScript files beside them. */
const PER_MODULE = ['cli'];

/** Every dependency of the package at `dir`, Weft's own packages and the edge's built-in modules, minus `inline`, with subpaths. */
function externalsOf(dir, inline) {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const names = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), '@weft/*', ...EDGE_BUILTINS]);
  for (const name of inline) names.delete(name);
  return [...names].flatMap((name) => (name.endsWith('*') ? [name] : [name, `${name}/*`]));
}

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

// The EdgeWorkers built-in modules (`http-request`, `create-response`, ...): provided by the edge,
// or by Weft locally, to the worker bundles compose ends up in; never installed, never bundled here.
const builtinTable = /BUILTIN_MODULE_NAMES = \[([^\]]*)\]/.exec(readFileSync(path.join(ROOT, 'packages/platform/src/modules/index.ts'), 'utf8'));
if (builtinTable === null) fail('BUILTIN_MODULE_NAMES not found in packages/platform/src/modules/index.ts');
const EDGE_BUILTINS = [...builtinTable[1].matchAll(/'([^']+)'/g)].map((match) => match[1]);

/** Newest modification time (ms) of a file under `dir`, skipping node_modules and dist. */
function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const file = path.join(dir, name);
    const stat = statSync(file);
    latest = Math.max(latest, stat.isDirectory() ? newest(file) : stat.mtimeMs);
  }
  return latest;
}

// `--if-stale` (each package's prepack, so `npm pack` ships a current dist/): nothing to do when
// every dist/ is newer than every source, manifest, tsconfig and this script.
if (process.argv.includes('--if-stale')) {
  const names = [...PER_MODULE, ...Object.keys(BUNDLED)];
  const dists = names.map((name) => path.join(ROOT, 'packages', name, 'dist'));
  if (dists.every((dist) => existsSync(dist))) {
    const built = Math.min(...dists.map((dist) => statSync(dist).mtimeMs));
    const settings = [fileURLToPath(import.meta.url), path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json')];
    const inputs = Math.max(...settings.map((file) => statSync(file).mtimeMs), ...names.map((name) => newest(path.join(ROOT, 'packages', name))));
    if (built > inputs) {
      process.stdout.write('build: every dist/ is up to date\n');
      process.exit(0);
    }
  }
}

rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) fail('tsc failed (above); `pnpm typecheck` shows the same errors');

function walk(dir, visit) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file, visit);
    else visit(file, name);
  }
}

/** Non-TypeScript files under src that the code reads at run time (viewer assets, .mjs thread entries), same layout. */
function copyAssets(from, to) {
  walk(from, (file, name) => {
    if (!name.endsWith('.ts') && !name.endsWith('.md')) cpSync(file, path.join(to, path.relative(from, file)));
  });
}

for (const name of PER_MODULE) {
  const dist = path.join(ROOT, 'packages', name, 'dist');
  rmSync(dist, { recursive: true, force: true });
  renameSync(path.join(OUT, name, 'src'), dist);
  copyAssets(path.join(ROOT, 'packages', name, 'src'), dist);
}

for (const [name, spec] of Object.entries(BUNDLED)) {
  const dir = path.join(ROOT, 'packages', name);
  const dist = path.join(dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // Declarations only from tsc; the JavaScript is esbuild's.
  renameSync(path.join(OUT, name, 'src'), path.join(dist, 'types'));
  walk(path.join(dist, 'types'), (file, base) => {
    if (!base.endsWith('.d.ts')) unlinkSync(file);
  });
  await build({
    absWorkingDir: dir,
    entryPoints: spec.entries.map((entry) => `src/${entry}`),
    outbase: 'src',
    outdir: 'dist',
    entryNames: spec.names,
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Every package (npm's and Weft's own) stays an import, one copy of each module per thread,
    // except those a package inlines (`inline`, loaded through that package by everyone else).
    external: externalsOf(dir, spec.inline ?? []),
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const asset of spec.assets) cpSync(path.join(dir, 'src', asset), path.join(dist, path.basename(asset)));
}
rmSync(OUT, { recursive: true, force: true });

if (!existsSync(path.join(ROOT, 'packages/runtime/dist/index.js'))) fail('the runtime bundle is missing');
const { bundlePlatform } = await tsImport('../packages/runtime/src/sandbox/kernel-script.ts', import.meta.url);
writeFileSync(path.join(ROOT, 'packages/runtime/dist/platform-script.txt'), bundlePlatform());
process.stdout.write(`built ${[...PER_MODULE, ...Object.keys(BUNDLED)].map((name) => `packages/${name}/dist`).join(', ')}\n`);
