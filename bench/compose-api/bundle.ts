/** Bundles a worker entry as `weft build` would for the edge: ESM, minified, built-ins external. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUILTINS = ['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto'];

export async function bundleSize(entry: string): Promise<{ rawKb: number; gzKb: number; text: string }> {
  const file = await bundle(entry);
  return { rawKb: file.contents.length / 1024, gzKb: gzipSync(file.contents).length / 1024, text: file.text };
}

/**
 * Writes the bundle of `entry` to a temporary .mjs file and imports it, so the bench runs the code
 * that ships (minified, no TypeScript transform helpers) rather than tsx's on-the-fly build.
 */
export async function importBundled<T>(entry: string): Promise<T> {
  const file = await bundle(entry);
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
  const out = path.join(dir, `${path.basename(entry, path.extname(entry))}.mjs`);
  writeFileSync(out, file.contents);
  return (await import(pathToFileURL(out).href)) as T;
}

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    // @weft/compose from its sources, as the repository's apps build it.
    conditions: ['module', 'weft-source'],
    external: BUILTINS,
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file;
}
