/**
 * `weft build [app...] [--out DIR] [--minify]`: write dist/<app>.tgz for each app (all by default),
 * dist/ being in the folder the command runs from.
 * Apps build side by side, a few at a time (bounded.ts); each one's report prints in app order.
 */
import path from 'node:path';
import { PROFILES, WeftError } from '@weft/platform';
import { ArgsError, type FlagSpecs } from '../args.ts';
import { startBounded } from '../bounded.ts';
import { runCommand, type CommandSpec } from '../command.ts';
import { buildApp } from '../bundle/pack.ts';
import { validateBundle, type ValidationReport } from '../bundle/validate.ts';
import { loadAppConfig } from '../config/load.ts';
import { appsHere, appsPlace, resolveApp, findWorkspaceRoot, type AppRef } from '../workspace.ts';
import { staticLoadCheck } from '../bundle/load-check.ts';
import { formatBytes } from '../format.ts';

/** Early notice before a bundle hits the platform's size limits (spec §21.2). */
function sizeWarnings(report: ValidationReport): string[] {
  const warnings: string[] = [];
  const { bundleCompressedBytes, bundleUncompressedBytes } = PROFILES.current;
  if (report.compressedBytes > 0.8 * bundleCompressedBytes && report.compressedBytes <= bundleCompressedBytes) {
    warnings.push(`the bundle is ${formatBytes(report.compressedBytes)} compressed, ${Math.round((100 * report.compressedBytes) / bundleCompressedBytes)}% of the 512 KB limit`);
  }
  if (report.uncompressedBytes > 0.8 * bundleUncompressedBytes && report.uncompressedBytes <= bundleUncompressedBytes) {
    warnings.push(`the bundle is ${formatBytes(report.uncompressedBytes)} uncompressed, ${Math.round((100 * report.uncompressedBytes) / bundleUncompressedBytes)}% of the 1 MB limit; try --minify`);
  }
  return warnings;
}

/** What one app's build has to say: lines for stdout and stderr, and whether it failed. */
interface BuildOutcome {
  out: string;
  err: string;
  failed: boolean;
}

/** Builds and checks one app; never rejects, so the apps after a failing one still report. */
async function buildOne(ref: AppRef, outDir: string, minify: boolean | undefined): Promise<BuildOutcome> {
  try {
    const app = await loadAppConfig(ref.dir);
    const written = await buildApp(app, outDir, { minify });
    const report = await validateBundle(written.file, { loadCheck: staticLoadCheck });
    const shown = path.relative(process.cwd(), written.file) || written.file;
    let out = `${app.name}: ${shown} ${formatBytes(written.tgz.length)} (main.js ${formatBytes(written.worker.code.length)}, edgeworker-version ${written.manifest['edgeworker-version']}) sha256 ${written.sha256.slice(0, 16)}\n`;
    for (const warning of [...written.worker.warnings, ...sizeWarnings(report), ...report.warnings.map((entry) => entry.message)]) out += `  warning: ${warning}\n`;
    const err = report.errors.map((issue) => `  ${issue.type}: ${issue.message}\n`).join('');
    return { out, err, failed: !report.ok };
  } catch (error) {
    const message = error instanceof WeftError || error instanceof Error ? error.message : String(error);
    return { out: '', err: `${ref.name}: build failed:\n${message}\n`, failed: true };
  }
}

export const BUILD = {
  name: 'build',
  synopsis: 'build [app...] [options]',
  summary: 'Writes each app\'s EdgeWorkers code bundle (main.js + bundle.json in a .tgz) and validates it.',
  notes: [
    'app: a name under apps/ (or listed in weft.workspace.json) or a folder with a weft.config.ts;',
    'with none: the app whose folder this is, else every app of the workspace.',
    'Bundles go to dist/ in the folder you run this from (dist/<app>.tgz, and dist/<app>.main.js.map for local',
    'debugging), so `weft validate dist/<app>.tgz` from the same folder finds them.',
  ],
  flags: {
    out: { type: 'string', value: 'DIR', description: 'write the bundles to DIR instead of ./dist' },
    minify: { type: 'boolean', description: 'minify main.js (smaller bundle, harder to read in a stack trace)' },
  },
  examples: [
    ['weft build', 'inside an app\'s folder: writes dist/<app>.tgz there'],
    ['weft build api-orchestration', 'from the repository root: writes dist/api-orchestration.tgz'],
    ['weft build --out /tmp/bundles --minify', 'every app, minified, into /tmp/bundles'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

export function run(args: string[]): Promise<number> {
  return runCommand(BUILD, args, async ({ flags, positionals }) => {
    const root = findWorkspaceRoot();
    const outDir = path.resolve(flags.out ?? 'dist');
    const apps = positionals.length > 0 ? positionals.map((name) => resolveApp(root, name)) : appsHere();
    if (apps.length === 0) {
      throw new ArgsError(`no app here: ${process.cwd()} has no weft.config.ts and ${appsPlace(root)} names no app folder; run it inside an app's folder, name one (weft build path/to/app), or create one with \`weft init my-worker\``);
    }
    let failed = 0;
    for (const pending of startBounded(apps, (ref) => buildOne(ref, outDir, flags.minify))) {
      const outcome = await pending;
      if (outcome.out !== '') process.stdout.write(outcome.out);
      if (outcome.err !== '') process.stderr.write(outcome.err);
      if (outcome.failed) failed += 1;
    }
    return failed === 0 ? 0 : 1;
  });
}
