/**
 * `weft validate`: every rule of spec §23 that can be checked without Akamai's servers, each
 * failure named with the platform's validation type. Checks stop at the first layer that fails
 * (an unreadable archive has no files to check), as the platform's do.
 */
import { checkImports } from './check-imports.ts';
import { manifestSchema } from '@weft/runtime';
import { readBundle, type BundleFile, type ReadBundle } from './read-bundle.ts';
import type { ValidationIssue, ValidationWarning } from './validation-types.ts';

/** Loads the bundle in the runtime's sandbox; resolves to an error message, or undefined when it loaded. */
export type LoadCheck = (target: string) => Promise<string | undefined>;

export interface ValidationReport {
  target: string;
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationWarning[];
  compressedBytes: number;
  uncompressedBytes: number;
  files: Array<{ path: string; bytes: number; mode: string }>;
}

function checkManifest(files: ReadonlyMap<string, BundleFile>): ValidationIssue[] {
  const file = files.get('bundle.json');
  if (file === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.data));
  } catch (error) {
    return [{ type: 'INVALID_MANIFEST', file: 'bundle.json', message: `bundle.json is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const result = manifestSchema.safeParse(parsed);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
    const rule = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
    return { type: 'INVALID_MANIFEST' as const, file: 'bundle.json', message: `bundle.json ${where}: ${rule} (spec §23.2)` };
  });
}

function checkFiles(files: ReadonlyMap<string, BundleFile>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const missing = ['main.js', 'bundle.json'].filter((name) => !files.has(name));
  if (missing.length > 0) {
    const nested = [...files.keys()].filter((name) => missing.some((wanted) => name.endsWith(`/${wanted}`)));
    const hint = nested.length > 0 ? `; found ${nested.join(', ')} in a folder: pack from inside the folder so the files sit at the root` : '';
    issues.push({ type: 'MISSING_MANDATORY_FILES', message: `missing at the archive root: ${missing.join(', ')}${hint}` });
  }
  for (const [name, file] of files) {
    if ((file.mode & 0o111) !== 0) {
      issues.push({ type: 'INVALID_FILE_PERMISSION', file: name, message: `${name} is executable (mode ${(file.mode & 0o7777).toString(8)}); bundle files must not be (chmod 644)` });
    }
  }
  return issues;
}

export async function validateBundle(target: string, options: { loadCheck?: LoadCheck } = {}): Promise<ValidationReport> {
  const read: ReadBundle = readBundle(target);
  const report: ValidationReport = {
    target,
    ok: false,
    errors: [...read.issues],
    warnings: [],
    compressedBytes: read.compressedBytes,
    uncompressedBytes: read.uncompressedBytes,
    files: [...(read.files ?? new Map<string, BundleFile>())].map(([name, file]) => ({ path: name, bytes: file.data.length, mode: (file.mode & 0o7777).toString(8).padStart(4, '0') })),
  };
  const files = read.files;
  if (files !== undefined) {
    report.errors.push(...checkFiles(files), ...checkManifest(files));
    if (files.has('main.js')) {
      const imports = await checkImports(files);
      report.errors.push(...imports.issues);
      report.warnings.push(...imports.warnings);
      // Running top-level code only makes sense once every module compiles and resolves.
      if (imports.issues.length === 0 && options.loadCheck !== undefined) {
        const failure = await options.loadCheck(target);
        if (failure !== undefined) report.errors.push({ type: 'STATIC_VALIDATION_FAILED', file: 'main.js', message: failure });
      }
    }
  }
  report.ok = report.errors.length === 0;
  return report;
}
