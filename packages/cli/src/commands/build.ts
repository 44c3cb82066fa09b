/**
 * `weft build [app...] [--out DIR] [--minify]`: write dist/<app>.tgz for each app (all by default).
 * Apps build side by side, a few at a time (bounded.ts); each one's report prints in app order.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROFILES, WeftError } from '@weft/platform';
import { startBounded } from '../bounded.ts';
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

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, minify: { type: 'boolean' } } });
  } catch (error) {
    process.stderr.write(`weft build: ${error instanceof Error ? error.message : String(error)}\nUsage: weft build [app...] [--out DIR] [--minify]\n`);
    return 2;
  }
  const root = findWorkspaceRoot();
  const outDir = path.resolve(parsed.values.out ?? path.join(root, 'dist'));
  let apps: AppRef[];
  try {
    apps = parsed.positionals.length > 0 ? parsed.positionals.map((name) => resolveApp(root, name)) : appsHere();
  } catch (error) {
    process.stderr.write(`weft build: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (apps.length === 0) {
    process.stderr.write(`weft build: no app here: ${process.cwd()} has no weft.config.ts and ${appsPlace(root)} names no app folder; run it inside an app's folder or name one (weft build path/to/app)\n`);
    return 2;
  }
  let failed = 0;
  for (const pending of startBounded(apps, (ref) => buildOne(ref, outDir, parsed.values.minify))) {
    const outcome = await pending;
    if (outcome.out !== '') process.stdout.write(outcome.out);
    if (outcome.err !== '') process.stderr.write(outcome.err);
    if (outcome.failed) failed += 1;
  }
  return failed === 0 ? 0 : 1;
}
