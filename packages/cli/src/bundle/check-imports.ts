/**
 * Compiles `main.js` and every module it imports from the bundle's own files (never the disk),
 * the way the platform's static validation resolves them (spec §1.2): a bare built-in name, or a
 * bundle file named with its `.js` extension, relative (`./lib.js`) or from the root
 * (`utils/lib.js`). Anything else fails to load on the platform, so it is reported here.
 */
import path from 'node:path';
import type * as esbuild from 'esbuild';
import { loadEsbuild } from '@weft/runtime';
import { BUILTIN_MODULE_NAMES } from '@weft/platform';
import type { BundleFile } from './read-bundle.ts';
import type { ValidationIssue, ValidationWarning } from './validation-types.ts';

const BUILTINS = new Set<string>(BUILTIN_MODULE_NAMES);

function unresolved(specifier: string, importer: string, files: ReadonlyMap<string, BundleFile>): ValidationIssue {
  const base = path.posix.basename(specifier);
  if (base === 'edgekv.js') {
    return { type: 'EDGEKV_FILE_MISSING', file: importer, message: `${importer} imports "${specifier}", but the EdgeKV helper edgekv.js is not in the bundle (spec §19: it ships as a bundle file)` };
  }
  if (base === 'edgekv_tokens.js') {
    return { type: 'EDGEKV_TOKENS_FILE_MISSING', file: importer, message: `${importer} imports "${specifier}", but edgekv_tokens.js is not in the bundle; generate it with the EdgeKV token command` };
  }
  if (!specifier.includes('/') && !specifier.endsWith('.js')) {
    const message = files.has(`${specifier}.js`) ? `; did you mean "./${specifier}.js"?` : ` (built-ins: ${BUILTIN_MODULE_NAMES.join(', ')})`;
    return { type: 'STATIC_VALIDATION_FAILED', file: importer, message: `${importer}: Unknown built-in module: "${specifier}"${message}` };
  }
  if (!specifier.endsWith('.js')) {
    return { type: 'STATIC_VALIDATION_FAILED', file: importer, message: `${importer}: cannot import "${specifier}": bundle file imports must name the file with its .js extension (spec §1.2)` };
  }
  return { type: 'STATIC_VALIDATION_FAILED', file: importer, message: `${importer}: cannot import "${specifier}": no such file in the bundle` };
}

export interface ImportCheck {
  issues: ValidationIssue[];
  warnings: ValidationWarning[];
  /** Bundle files reached from main.js. */
  reached: string[];
}

export async function checkImports(files: ReadonlyMap<string, BundleFile>): Promise<ImportCheck> {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationWarning[] = [];
  const reached = new Set<string>();
  const plugin: esbuild.Plugin = {
    name: 'weft-bundle-files',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: 'main.js', namespace: 'bundle' };
        const importer = args.importer;
        if (args.kind === 'dynamic-import') warnings.push({ file: importer, message: `${importer}: dynamic import("${args.path}") is not documented for EdgeWorkers (spec §1.1); use a static import` });
        if (args.kind === 'require-call') warnings.push({ file: importer, message: `${importer}: require("${args.path}") fails at run time: EdgeWorkers has no require (spec §1.3)` });
        if (BUILTINS.has(args.path)) return { path: args.path, external: true };
        const relative = args.path.startsWith('./') || args.path.startsWith('../');
        const candidate = relative ? path.posix.normalize(path.posix.join(path.posix.dirname(importer), args.path)) : args.path.replace(/^\//, '');
        if (candidate.endsWith('.js') && files.has(candidate)) return { path: candidate, namespace: 'bundle' };
        issues.push(unresolved(args.path, importer, files));
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'bundle' }, (args) => {
        reached.add(args.path);
        const file = files.get(args.path);
        return { contents: file === undefined ? '' : file.data, loader: 'js' };
      });
    },
  };
  try {
    await loadEsbuild().build({ entryPoints: ['main.js'], bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'esnext', logLevel: 'silent', plugins: [plugin] });
  } catch (error) {
    const messages = error !== null && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) ? (error.errors as esbuild.Message[]) : [];
    for (const message of messages) {
      const file = message.location?.file.replace(/^bundle:/, '');
      const where = message.location === null ? '' : `${file}:${message.location.line}:${message.location.column + 1}: `;
      issues.push({ type: 'STATIC_VALIDATION_FAILED', file, message: `${where}${message.text}` });
    }
    if (messages.length === 0) issues.push({ type: 'STATIC_VALIDATION_FAILED', message: error instanceof Error ? error.message : String(error) });
  }
  return { issues, warnings, reached: [...reached].sort() };
}
