/**
 * @weft/html as it runs at the edge and as its package ships: one esbuild bundle of its sources,
 * built the way `pnpm build` makes dist/ (the runtime bundles its platform script the same way).
 * Run through tsx instead, every module is compiled on its own, so each const enum another file
 * declares (TagFlag, TextMode, TokenKind, ...) becomes a property read on an imported binding in
 * the hot loops: 6 to 12% of (p) in this bench's runs, which no user pays. Built afresh at every
 * run, from the sources.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type Engine = typeof import('@weft/html');

const OUT = fileURLToPath(new URL('../.corpus/weft-html.mjs', import.meta.url));

export async function shippedEngine(): Promise<Engine> {
  await build({
    entryPoints: [fileURLToPath(new URL('../../packages/html/src/index.ts', import.meta.url))],
    outfile: OUT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(OUT).href)) as Engine;
}
