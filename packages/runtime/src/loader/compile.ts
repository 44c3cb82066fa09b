/**
 * Turns the bundle's ES modules into one script for a vm context. esbuild does the module work
 * (linking, live bindings, cycles, hoisting) so semantics match V8's module system; a source map
 * takes stack positions back to the author's files. Resolution follows the platform (§1.2):
 * relative `.js` paths, root-relative bundle paths (`utils/lib.js`), built-in bare names; any other
 * bare name fails at load with `Unknown built-in module: "x"`, and dynamic `import()` is refused.
 */
import type { Message, Plugin } from 'esbuild';
import { loadEsbuild } from '../esbuild-on-demand.ts';
import { posix } from 'node:path';
import { BUILTIN_MODULE_NAMES, builtinModule } from '@weft/platform';
import type { InvocationError } from '../sandbox/types.ts';
import type { BundleFiles } from './bundle-files.ts';
import type { RawSourceMap } from './source-map.ts';

import { BUILTIN_ACCESSOR } from './builtin-accessor.ts';

export { BUILTIN_ACCESSOR };
/** Free identifiers the compiled script uses; worker code never sees a global of these names. */
const EXPORTS_NAME = '__weft_exports__';
export const BUNDLE_NAMESPACE = 'weft-bundle';
const BUILTIN_NAMESPACE = 'weft-builtin';

export interface CompiledBundle {
  /** A script whose completion value is `function (builtin) -> exports` (see sandbox/instance.ts). */
  code: string;
  map: RawSourceMap;
  /** Bundle paths of the modules the entry reaches. */
  files: string[];
}

export type CompileResult = { ok: true; compiled: CompiledBundle } | { ok: false; error: InvocationError };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function builtinSource(name: string): string | undefined {
  const namespace = builtinModule(name);
  if (namespace === undefined) return undefined;
  const lines = [`const m = ${BUILTIN_ACCESSOR}(${JSON.stringify(name)});`];
  for (const key of Object.keys(namespace)) {
    if (key === 'default') lines.push('export default m.default;');
    else if (IDENTIFIER.test(key)) lines.push(`export const ${key} = m.${key};`);
  }
  return lines.join('\n');
}

function resolvePlugin(files: BundleFiles, reached: Set<string>): Plugin {
  const builtins = new Set<string>(BUILTIN_MODULE_NAMES);
  return {
    name: 'weft-bundle',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: files.entry, namespace: BUNDLE_NAMESPACE };
        const spec = args.path;
        if (args.kind === 'dynamic-import') return { errors: [{ text: `Dynamic import() is not supported by EdgeWorkers: import ${JSON.stringify(spec)} statically at the top of the module.` }] };
        if (args.kind !== 'import-statement') return { errors: [{ text: `Only static import statements load modules in EdgeWorkers (got a ${args.kind} of ${JSON.stringify(spec)}).` }] };
        if (builtins.has(spec)) return { path: spec, namespace: BUILTIN_NAMESPACE };
        const relative = spec.startsWith('./') || spec.startsWith('../');
        if (spec.startsWith('/') || /^[a-z]+:/i.test(spec)) return { errors: [{ text: `Cannot import ${JSON.stringify(spec)}: bundle imports are relative ('./lib.js') or bundle-root paths ('utils/lib.js').` }] };
        if (!relative && !spec.endsWith('.js')) return { errors: [{ text: `Unknown built-in module: ${JSON.stringify(spec)}` }] };
        const path = relative ? posix.normalize(posix.join(posix.dirname(args.importer), spec)) : posix.normalize(spec);
        if (path.startsWith('../')) return { errors: [{ text: `Cannot import ${JSON.stringify(spec)} from ${args.importer}: the path leaves the bundle.` }] };
        if (!path.endsWith('.js')) return { errors: [{ text: `Cannot import ${JSON.stringify(spec)}: bundle file imports must include the .js extension.` }] };
        return { path, namespace: BUNDLE_NAMESPACE };
      });
      b.onLoad({ filter: /.*/, namespace: BUNDLE_NAMESPACE }, (args) => {
        const contents = files.read(args.path);
        if (contents === undefined) return { errors: [{ text: `Cannot find bundle file "${args.path}" (looked in ${files.location}).` }] };
        reached.add(args.path);
        return { contents, loader: 'js' };
      });
      b.onLoad({ filter: /.*/, namespace: BUILTIN_NAMESPACE }, (args) => {
        const contents = builtinSource(args.path);
        if (contents === undefined) return { errors: [{ text: `The built-in module "${args.path}" is not available in Weft yet.` }] };
        return { contents, loader: 'js' };
      });
    },
  };
}

function stripNamespace(file: string): string {
  return file.startsWith(`${BUNDLE_NAMESPACE}:`) ? file.slice(BUNDLE_NAMESPACE.length + 1) : file;
}

function toInvocationError(message: Message): InvocationError {
  const location = message.location;
  const isSyntax = message.pluginName === '' && location !== null;
  // The platform's text is `Unknown built-in module: "x"` with no class name before it (§1.2), so
  // the name/message split reproduces it when formatted as `<name>: <message>`.
  const unknown = /^Unknown built-in module: (.*)$/.exec(message.text);
  if (unknown?.[1] !== undefined) return finish('Unknown built-in module', unknown[1], location);
  if (message.text.startsWith('Top-level await')) {
    return finish('SyntaxError', 'Top-level await is not supported by Weft yet: move the await into a handler (or an init function a handler awaits).', location);
  }
  return finish(isSyntax ? 'SyntaxError' : 'Error', message.text, location);
}

function finish(name: string, text: string, location: Message['location']): InvocationError {
  const frames = location === null ? [] : [{ file: stripNamespace(location.file), function: '', line: location.line, column: location.column + 1 }];
  const where = frames[0] === undefined ? '' : `\n    at ${frames[0].file}:${frames[0].line}:${frames[0].column}`;
  return { name, message: text, frames, stack: `${name}: ${text}${where}` };
}

export async function compileBundle(files: BundleFiles): Promise<CompileResult> {
  const reached = new Set<string>();
  try {
    const result = await loadEsbuild().build({
      entryPoints: [files.entry],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: EXPORTS_NAME,
      platform: 'neutral',
      target: 'esnext',
      treeShaking: false,
      // A dynamic import() whose specifier esbuild cannot see (a variable) would reach vm, which on
      // Node 20 rejects it with a host TypeError: a way to the host's Function. Lowered, it becomes
      // a call to `require`, which the realm does not have (a ReferenceError of the worker's own).
      supported: { 'dynamic-import': false },
      sourcemap: 'external',
      outfile: 'bundle.out.js',
      charset: 'utf8',
      logLevel: 'silent',
      plugins: [resolvePlugin(files, reached)],
    });
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
    const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
    if (code === undefined || map === undefined) throw new Error('esbuild produced no output');
    const raw = JSON.parse(map.text) as RawSourceMap;
    raw.sources = raw.sources.map(stripNamespace);
    // The wrapper line sits above the bundle, and the map gets an empty first line for it: a
    // position in the script is the map's generated position, for stack traces and debuggers alike.
    const wrapped = `(function (${BUILTIN_ACCESSOR}) {"use strict";\n${code.text}\nreturn ${EXPORTS_NAME};\n})`;
    raw.mappings = `;${raw.mappings}`;
    return { ok: true, compiled: { code: wrapped, map: raw, files: [...reached] } };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    const first = messages?.[0];
    if (first === undefined) throw error;
    return { ok: false, error: toInvocationError(first) };
  }
}
