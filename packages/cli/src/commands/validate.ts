/**
 * `weft validate [tgz|dir]... [--json] [--remote]`: check bundles against the platform's rules (spec §23).
 * Several bundles are checked side by side, a few at a time (bounded.ts), and reported in order.
 * With --remote the platform's validation endpoint checks them too, and its answer is merged in
 * (deploy/remote-validation.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ArgsError, type FlagSpecs } from '../args.ts';
import { startBounded } from '../bounded.ts';
import { runCommand, type CommandSpec } from '../command.ts';
import { ConfigError } from '../errors.ts';
import { appsHere, findWorkspaceRoot, type AppRef } from '../workspace.ts';
import { staticLoadCheck } from '../bundle/load-check.ts';
import { validateBundle, type ValidationReport } from '../bundle/validate.ts';
import { VALIDATION_TYPES } from '../bundle/validation-types.ts';
import { formatBytes } from '../format.ts';
import { clientFrom, EDGERC_FLAGS } from '../deploy/options.ts';
import { validateRemotely, type MergedReport } from '../deploy/remote-validation.ts';

function printReport(report: ValidationReport): void {
  const shown = path.relative(process.cwd(), report.target) || report.target;
  if (report.ok) {
    process.stdout.write(`${shown}: valid (${report.files.length} files, ${formatBytes(report.uncompressedBytes)} uncompressed, ${formatBytes(report.compressedBytes)} compressed)\n`);
  } else {
    process.stderr.write(`${shown}: ${report.errors.length} validation error${report.errors.length === 1 ? '' : 's'}\n`);
    for (const issue of report.errors) {
      const code = VALIDATION_TYPES[issue.type].code;
      process.stderr.write(`  ${issue.type}${code === undefined ? '' : ` (${code})`}: ${issue.message}\n`);
    }
  }
  for (const warning of report.warnings) process.stdout.write(`  warning: ${warning.message}\n`);
}

/** The local report, then what the platform adds or says otherwise. */
function printMerged(report: MergedReport): void {
  printReport({ ...report, ok: report.errors.length === 0 });
  const shown = path.relative(process.cwd(), report.target) || report.target;
  if (report.platform.errors.length === 0) {
    process.stdout.write(report.errors.length === 0 ? `${shown}: valid on the platform too\n` : `${shown}: the platform finds no error (its answer is what an upload gets; please report the difference to Weft)\n`);
  } else if (report.platformOnly.length === 0) {
    process.stderr.write(`${shown}: the platform reports the same ${report.platform.errors.length === 1 ? 'error' : 'errors'}\n`);
  } else {
    process.stderr.write(`${shown}: ${report.platformOnly.length} more validation error${report.platformOnly.length === 1 ? '' : 's'} from the platform\n`);
    for (const issue of report.platformOnly) process.stderr.write(`  ${issue.type}: ${issue.message}\n`);
  }
  for (const warning of report.platform.warnings) process.stdout.write(`  platform warning: ${warning.type}: ${warning.message}\n`);
}

export const VALIDATE = {
  name: 'validate',
  synopsis: 'validate [bundle.tgz | bundle folder]... [options]',
  summary: 'Checks code bundles against the platform\'s validation rules (spec §23) and names each failure with the platform\'s type.',
  notes: [
    'Paths are read from the folder you run this from, where `weft build` writes dist/<app>.tgz.',
    'With no bundle named: dist/<app>.tgz of the app whose folder this is (else of every app of the workspace).',
  ],
  flags: {
    json: { type: 'boolean', description: 'print the reports as JSON' },
    remote: { type: 'boolean', description: 'also ask the platform\'s validation endpoint (EdgeWorkers API; needs .edgerc)' },
    ...EDGERC_FLAGS,
  },
  examples: [
    ['weft validate dist/my-worker.tgz', 'a bundle `weft build` wrote'],
    ['weft validate', 'inside an app\'s folder, after `weft build`: dist/<app>.tgz'],
    ['weft validate worker/ --json', 'a bundle folder (main.js + bundle.json), as JSON'],
    ['weft validate dist/my-worker.tgz --remote', 'and the platform\'s own validation, merged in'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

/** The bundles `weft build` would have written here for the apps here. */
function builtHere(): string[] {
  const apps = appsHere();
  if (apps.length === 0) throw new ArgsError(`name a bundle to check (a .tgz built by \`weft build\`, or a bundle folder); ${process.cwd()} is no app folder and has no apps to look for`);
  const bundles = apps.map((app) => path.join('dist', `${app.name}.tgz`));
  const built = bundles.filter((file) => existsSync(file));
  if (built.length === 0) throw new ArgsError(`no bundle to check: ${bundles.join(', ')} ${bundles.length === 1 ? 'does' : 'do'} not exist here; run \`weft build\` first, or name a bundle`);
  return built;
}

/** What to say about a path that does not exist: where `weft build` put the bundle, if it can tell. */
function missingBundle(target: string): string {
  const name = path.basename(target);
  let apps: AppRef[] = [];
  try {
    apps = appsHere();
  } catch (error) {
    // A broken weft.workspace.json only costs the hint; the missing path is the error to report.
    if (!(error instanceof ConfigError)) throw error;
  }
  const elsewhere = [path.join(findWorkspaceRoot(), 'dist', name), ...apps.map((app) => path.join(app.dir, 'dist', name))]
    .filter((file) => file !== path.resolve(target) && existsSync(file))
    .map((file) => path.relative(process.cwd(), file));
  const hint = elsewhere.length > 0 ? `; there is ${elsewhere[0]}` : '; run `weft build` in this folder first (it writes dist/<app>.tgz here), or give the path `weft build` printed';
  return `${target} does not exist${hint}`;
}

export function run(args: string[]): Promise<number> {
  return runCommand(VALIDATE, args, async ({ flags, positionals }) => {
    if (flags.remote !== true && (flags.edgerc !== undefined || flags.section !== undefined)) throw new ArgsError('--edgerc and --section are for --remote; add --remote');
    const targets = positionals.length > 0 ? positionals : builtHere();
    const missing = targets.find((target) => !existsSync(path.resolve(target)));
    if (missing !== undefined) throw new ArgsError(missingBundle(missing));
    const client = flags.remote === true ? clientFrom(flags) : undefined;
    const reports = await Promise.all(startBounded(targets, (target) => validateBundle(path.resolve(target), { loadCheck: staticLoadCheck })));
    if (client !== undefined) {
      const merged = await Promise.all(startBounded(reports, (report) => validateRemotely(client, report)));
      if (flags.json === true) process.stdout.write(`${JSON.stringify(merged.length === 1 ? merged[0] : merged, null, 2)}\n`);
      else merged.forEach(printMerged);
      return merged.every((report) => report.ok) ? 0 : 1;
    }
    if (flags.json === true) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    else reports.forEach(printReport);
    return reports.every((report) => report.ok) ? 0 : 1;
  });
}
