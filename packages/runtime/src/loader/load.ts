/**
 * Loads a bundle for serving: opens it (main.js, folder or .tgz), reads bundle.json (decision 31),
 * compiles the module graph. A bundle that cannot be opened throws a BundleError; a module that
 * cannot load (syntax error, unknown built-in) is a `failure` the sandbox reports as GenericError
 * on every invocation, as the platform would.
 */
import { openBundle } from './bundle-files.ts';
import { compileBundle, type CompiledBundle } from './compile.ts';
import { readManifest, type BundleManifest } from './manifest.ts';
import type { InvocationError } from '../sandbox/types.ts';

export interface LoadedBundle {
  /** Absolute path given. */
  location: string;
  kind: 'file' | 'folder' | 'tgz';
  name: string;
  version: string;
  manifest: BundleManifest | undefined;
  warnings: string[];
  compiled: CompiledBundle | undefined;
  failure: InvocationError | undefined;
}

export interface LoadBundleOptions {
  /** Overrides the default name (the folder or archive name). */
  name?: string;
  /** Overrides bundle.json's `edgeworker-version`. */
  version?: string;
}

export async function loadBundle(path: string, options: LoadBundleOptions = {}): Promise<LoadedBundle> {
  const files = openBundle(path);
  const warnings: string[] = [];
  const manifestText = files.read('bundle.json');
  let manifest: BundleManifest | undefined;
  if (manifestText === undefined) {
    if (files.kind !== 'file') warnings.push(`${files.location} has no bundle.json; serving as version 0.0.0 (weft validate and the platform require one).`);
  } else {
    manifest = readManifest(manifestText, 'bundle.json', warnings);
  }
  const result = await compileBundle(files);
  return {
    location: files.location,
    kind: files.kind,
    name: options.name ?? files.defaultName,
    version: options.version ?? manifest?.version ?? '0.0.0',
    manifest,
    warnings,
    compiled: result.ok ? result.compiled : undefined,
    failure: result.ok ? undefined : result.error,
  };
}
