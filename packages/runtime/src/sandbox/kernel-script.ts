/**
 * The platform as a script for worker realms: @weft/platform's realm entry (built-in modules,
 * request objects, the glue to the host) bundled once per process by esbuild and compiled once;
 * each sandbox instance evaluates it in its fresh context before the worker's code, so every value
 * the platform makes is that context's own (issue 11: one realm).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { REMOVED_GLOBALS } from './globals.ts';
import { loadEsbuild } from '../esbuild-on-demand.ts';
import { FROM_SOURCES, runtimeFile } from '../runtime-files.ts';

/** The name stack traces give the platform's frames; the source map hook skips them. */
export const KERNEL_FILENAME = 'weft-platform.js';
const GLOBAL_NAME = '__weft_platform__';

let source: string | undefined;
let compiled: vm.Script | undefined;

/** Where a built package keeps the platform script bundled at build time (scripts/build.mjs). */
const PREBUILT = FROM_SOURCES ? undefined : runtimeFile('platform-script.txt');

/**
 * @weft/platform's realm entry bundled by esbuild into one IIFE (the text before bundleSource
 * wraps it). A built package bundled it at build time; the TypeScript sources bundle it here.
 */
export function bundlePlatform(): string {
  // Edge threads and built packages never bundle the platform, so esbuild is loaded only here.
  const { buildSync } = loadEsbuild();
  const result = buildSync({
    // esbuild resolves the package from this one's folder, under the sources' condition (the
    // kernel is exported only to the sources: a built package ships this script prebuilt).
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
    entryPoints: ['@weft/platform/kernel'],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // The platform's own imports (@weft/html) from their sources too: this runs only from the sources.
    conditions: ['module', 'weft-source'],
    target: 'es2022',
    charset: 'utf8',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no platform script');
  return output.text;
}

function platformText(): string {
  if (PREBUILT === undefined) return bundlePlatform();
  try {
    return readFileSync(PREBUILT, 'utf8');
  } catch (error) {
    throw new Error(`@weft/runtime is built without its platform script (${fileURLToPath(PREBUILT)}); rebuild the package with \`pnpm build\``, { cause: error });
  }
}

function bundleSource(): string {
  const platform = platformText();
  // Strict (so stack frames of platform functions never expose them or their receivers) and
  // function-scoped (so the IIFE's `var` adds no global the worker could see). The intrinsics are
  // read once into locals: a global read in a vm context goes through Node's interceptor, about
  // 100 ns each against under 2 ns for a local, and the platform reads them on every call.
  return `(function () {"use strict";\nconst { ${intrinsicNames().join(', ')} } = globalThis;\n${platform}\nreturn ${GLOBAL_NAME};\n})()`;
}

/**
 * The ECMAScript globals every fresh context has (Object, Map, JSON, undefined, ...), which the
 * platform script binds as locals, minus those a worker realm does not have (globals.ts). `eval`
 * stays global (a local would turn direct eval indirect).
 */
function intrinsicNames(): string[] {
  const names = vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[];
  const removed: readonly string[] = REMOVED_GLOBALS;
  return names.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'eval' && name !== 'globalThis' && !removed.includes(name)).sort();
}

/** The platform script's text, bundled on first use (about 0.4 s of esbuild). */
export function kernelSource(): string {
  source ??= bundleSource();
  return source;
}

/** Edge threads take the text their parent bundled instead of bundling it again. */
export function useKernelSource(text: string): void {
  if (text === source) return;
  source = text;
  compiled = undefined;
}

/**
 * Compiles the platform script of a built package ahead of need (a standby edge thread, before its
 * data arrives); the text its parent sends is the same, so useKernelSource keeps the compiled one.
 * Under the TypeScript sources the text is bundled per process and is left to the parent.
 */
export function precompileBuiltKernel(): void {
  if (PREBUILT !== undefined) kernelScript();
}

export function kernelScript(): vm.Script {
  compiled ??= new vm.Script(kernelSource(), { filename: KERNEL_FILENAME });
  return compiled;
}
