/**
 * `weft validate <tgz|dir>... [--json]`: check bundles against the platform's rules (spec §23).
 * Several bundles are checked side by side, a few at a time (bounded.ts), and reported in order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBounded } from '../bounded.ts';
import { staticLoadCheck } from '../bundle/load-check.ts';
import { validateBundle, type ValidationReport } from '../bundle/validate.ts';
import { VALIDATION_TYPES } from '../bundle/validation-types.ts';
import { formatBytes } from '../format.ts';

const USAGE = 'Usage: weft validate <bundle.tgz | bundle folder>... [--json]\n';

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

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (error) {
    process.stderr.write(`weft validate: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`weft validate: name a bundle to check\n${USAGE}`);
    return 2;
  }
  const missing = parsed.positionals.find((target) => !existsSync(path.resolve(target)));
  if (missing !== undefined) {
    process.stderr.write(`weft validate: ${missing} does not exist; give a .tgz built by \`weft build\` or a bundle folder\n`);
    return 2;
  }
  const reports = await Promise.all(startBounded(parsed.positionals, (target) => validateBundle(path.resolve(target), { loadCheck: staticLoadCheck })));
  if (parsed.values.json === true) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  else reports.forEach(printReport);
  return reports.every((report) => report.ok) ? 0 : 1;
}
