/**
 * Weft installed as a team installs it: the packages built (scripts/build.mjs) and packed with plain
 * `npm pack` (each package's prepack finds its dist/ current), then installed with plain npm into a
 * fresh project outside the repository. Used by the pack-and-install test and by
 * `pnpm bench startup`, which times the installed CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PACKAGES = ['platform', 'html', 'compose', 'runtime', 'cli', 'testing'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** No colours, no funding or audit chatter: output the callers can read. */
export const PLAIN_ENV = { NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

export function runChecked(command: string, args: string[], cwd: string, timeout = 180_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...PLAIN_ENV } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

export interface InstalledWeft {
  /** The project folder, with node_modules/@weft/* installed from the tarballs. */
  project: string;
  /** The installed CLI's bin script (run it with node). */
  bin: string;
  tarballs: string[];
}

/**
 * Builds every package's dist/ unless it is already newer than its sources: what a test of the
 * packages as installed (their exports name dist/ outside this repository's "weft-source") needs.
 */
export function buildPackages(): void {
  // Two test files may ask at once (vitest runs files in parallel): one builds, the other waits
  // for it and then finds dist/ current. The lock is a folder: mkdir is atomic.
  const lock = path.join(ROOT, '.build.lock');
  const waited = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than any build is one a killed run left behind.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - waited > 600_000) throw new Error(`${lock} has been held for 10 minutes; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    runChecked(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], ROOT);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds, packs and installs every package (plus `extra` npm specs) into a new project folder. */
export function installWeft(extra: readonly string[] = []): InstalledWeft {
  buildPackages();
  const packs = mkdtempSync(path.join(tmpdir(), 'weft-packs-'));
  for (const name of PACKAGES) runChecked(NPM, ['pack', '--pack-destination', packs], path.join(ROOT, 'packages', name));
  const tarballs = readdirSync(packs).filter((file) => file.endsWith('.tgz')).map((file) => path.join(packs, file));
  const project = mkdtempSync(path.join(tmpdir(), 'weft-project-'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-workers', private: true, type: 'module' }));
  runChecked(NPM, ['install', '--no-package-lock', ...tarballs, ...extra], project);
  return { project, bin: path.join(project, 'node_modules/@weft/cli/bin/weft.js'), tarballs };
}
