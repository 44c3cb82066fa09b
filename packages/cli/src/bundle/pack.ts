/**
 * `weft build`: bundle the worker, write its manifest, pack `main.js` and `bundle.json` at the
 * archive root into a deterministic `.tgz` (spec §23.1). The source map stays beside the archive
 * for local use; it is not shipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { bundleWorker, type BuiltWorker } from './bundle-worker.ts';
import { gzipDeterministic } from './gzip.ts';
import type { Manifest } from '@weft/runtime';
import { manifestFor, serializeManifest } from './manifest.ts';
import { writeTar } from './tar-write.ts';

export interface PackedBundle {
  tgz: Uint8Array;
  manifest: Manifest;
  worker: BuiltWorker;
  sha256: string;
}

function readPackageJson(dir: string): { version?: unknown; description?: unknown } | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; description?: unknown };
}

export function manifestOf(app: LoadedConfig): Manifest {
  return manifestFor({ bundle: app.config.bundle, packageJson: readPackageJson(app.dir) });
}

/** The bundle's files: what `weft build` packs and what the dev server serves. */
export function bundleFiles(worker: BuiltWorker, manifest: Manifest): Array<{ path: string; data: Uint8Array }> {
  const encoder = new TextEncoder();
  return [
    { path: 'main.js', data: encoder.encode(worker.code) },
    { path: 'bundle.json', data: encoder.encode(serializeManifest(manifest)) },
  ];
}

export async function packApp(app: LoadedConfig, options: { minify?: boolean } = {}): Promise<PackedBundle> {
  const worker = await bundleWorker(app.entry, { appDir: app.dir, minify: options.minify });
  const manifest = manifestOf(app);
  const tgz = gzipDeterministic(writeTar(bundleFiles(worker, manifest)));
  return { tgz, manifest, worker, sha256: createHash('sha256').update(tgz).digest('hex') };
}

export interface WrittenBundle extends PackedBundle {
  file: string;
  mapFile: string;
}

export async function buildApp(app: LoadedConfig, outDir: string, options: { minify?: boolean } = {}): Promise<WrittenBundle> {
  const packed = await packApp(app, options);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${app.name}.tgz`);
  const mapFile = path.join(outDir, `${app.name}.main.js.map`);
  writeFileSync(file, packed.tgz);
  writeFileSync(mapFile, packed.worker.map);
  return { ...packed, file, mapFile };
}
