/**
 * esbuild, required on first use. An ESM import of its CommonJS build makes Node pre-parse the
 * whole file for its export names at every start (15-30 ms of `weft serve`'s time to its first
 * answer); `require` does not, and most runs of most commands need esbuild late or never.
 */
import { createRequire } from 'node:module';

let loaded: typeof import('esbuild') | undefined;

export function loadEsbuild(): typeof import('esbuild') {
  loaded ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  return loaded;
}
