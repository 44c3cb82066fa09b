/**
 * The bundle the dev server and the testing helpers serve: exactly the files `weft build` packs
 * (main.js, bundle.json), written to a folder and loaded by the runtime's loader. The only
 * difference is one trailing comment on main.js carrying the source map inline, so the loader
 * chains it and stacks in errors and traces point at the author's TypeScript lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuiltWorker } from './bundle-worker.ts';
import type { Manifest } from '@weft/runtime';
import { bundleFiles } from './pack.ts';

function inlineMap(map: string): string {
  const parsed = JSON.parse(map) as { sourceRoot?: string };
  // Sources stay relative to the app folder, so frames read `src/main.ts:12:5`.
  delete parsed.sourceRoot;
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(parsed)).toString('base64')}\n`;
}

export function writeServedBundle(dir: string, worker: BuiltWorker, manifest: Manifest): void {
  mkdirSync(dir, { recursive: true });
  for (const file of bundleFiles(worker, manifest)) {
    const target = path.join(dir, file.path);
    if (file.path === 'main.js') writeFileSync(target, `${worker.code}${worker.code.endsWith('\n') ? '' : '\n'}${inlineMap(worker.map)}`);
    else writeFileSync(target, file.data);
  }
}
