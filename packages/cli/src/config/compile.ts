/**
 * Imports a `weft.config.ts`. The config is compiled to one ES module with esbuild (its own
 * relative imports inlined, packages left to Node) and `@weft/cli` replaced by the identity
 * `defineConfig`, so a config loads wherever it lives (a fresh `weft init` folder with nothing
 * installed yet, a temp folder in a test) and every load reads the file as it is now.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as esbuild from 'esbuild';
import { loadEsbuild } from '@weft/runtime';

const SHIM = 'export function defineConfig(config) { return config; }\n';

const selfShim: esbuild.Plugin = {
  name: 'weft-cli-shim',
  setup(build) {
    build.onResolve({ filter: /^@weft\/cli$/ }, () => ({ path: '@weft/cli', namespace: 'weft-cli-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'weft-cli-shim' }, () => ({ contents: SHIM, loader: 'js' }));
  },
};

export async function importConfigModule(file: string): Promise<{ default?: unknown }> {
  let result;
  try {
    result = await loadEsbuild().build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      plugins: [selfShim],
    });
  } catch (error) {
    const messages = error !== null && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) ? (error.errors as esbuild.Message[]) : [];
    if (messages.length === 0) throw error;
    const lines = await loadEsbuild().formatMessages(messages, { kind: 'error', color: false });
    throw new Error(lines.join('\n').trimEnd());
  }
  const code = result.outputFiles[0]?.text ?? '';
  // Written under the app's node_modules (as Vite does) so packages the config imports resolve
  // from the app upwards, and no temporary file appears among the author's sources.
  const cacheDir = path.join(path.dirname(file), 'node_modules', '.weft');
  mkdirSync(cacheDir, { recursive: true });
  const compiled = path.join(cacheDir, `config.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(compiled, code);
  try {
    return (await import(pathToFileURL(compiled).href)) as { default?: unknown };
  } finally {
    rmSync(compiled, { force: true });
  }
}
