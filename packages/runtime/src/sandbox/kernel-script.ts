/**
 * The platform as a script for worker realms: @weft/platform's realm entry (built-in modules,
 * request objects, the glue to the host) bundled once per process by esbuild and compiled once;
 * each sandbox instance evaluates it in its fresh context before the worker's code, so every value
 * the platform makes is that context's own (issue 11: one realm).
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The name stack traces give the platform's frames; the source map hook skips them. */
export const KERNEL_FILENAME = 'weft-platform.js';
const GLOBAL_NAME = '__weft_platform__';

let source: string | undefined;
let compiled: vm.Script | undefined;

function bundleSource(): string {
  const entry = fileURLToPath(import.meta.resolve('@weft/platform/kernel'));
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    charset: 'utf8',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no platform script');
  // Strict (so stack frames of platform functions never expose them or their receivers) and
  // function-scoped (so the IIFE's `var` adds no global the worker could see).
  return `(function () {"use strict";\n${output.text}\nreturn ${GLOBAL_NAME};\n})()`;
}

/** The platform script's text, bundled on first use (about 0.4 s of esbuild). */
export function kernelSource(): string {
  source ??= bundleSource();
  return source;
}

/** Edge threads take the text their parent bundled instead of bundling it again. */
export function useKernelSource(text: string): void {
  source = text;
}

export function kernelScript(): vm.Script {
  compiled ??= new vm.Script(kernelSource(), { filename: KERNEL_FILENAME });
  return compiled;
}
