/** Small valid code bundles (main.js + bundle.json at the root, spec §23.1) for the deploy tests. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipDeterministic } from '../../src/bundle/gzip.ts';
import { writeTar } from '../../src/bundle/tar-write.ts';
import { tempDir } from '../helpers/temp.ts';

export const MAIN_JS = 'export function onClientRequest(request) { request.respondWith(200, { "content-type": ["text/plain"] }, "hello from the edge"); }\n';

export function bundleBytes(version: string, main = MAIN_JS): Uint8Array {
  const encoder = new TextEncoder();
  return gzipDeterministic(writeTar([
    { path: 'main.js', data: encoder.encode(main) },
    { path: 'bundle.json', data: encoder.encode(`${JSON.stringify({ 'edgeworker-version': version, description: 'deploy test' }, null, 2)}\n`) },
  ]));
}

/** Writes the bundle to a fresh folder and returns the .tgz path. */
export function bundleFile(version: string, main = MAIN_JS): string {
  const file = path.join(tempDir({}, 'weft-deploy-'), `worker-${version}.tgz`);
  writeFileSync(file, bundleBytes(version, main));
  return file;
}
