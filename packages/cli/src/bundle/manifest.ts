/**
 * `bundle.json` (spec §23.2): the manifest `weft build` writes from the app's config. Its schema,
 * which `weft validate` applies, is the runtime's (packages/runtime/src/loader/manifest.ts), so a
 * bundle validates by the rules it is served by.
 */
import { manifestSchema, type Manifest } from '@weft/runtime';

const KEY_ORDER = ['edgeworker-version', 'bundle-version', 'api-version', 'description', 'misc', 'config', 'dependencies'];

/** The manifest's bytes: documented keys in a fixed order, two-space JSON, a final newline. */
export function serializeManifest(manifest: Manifest): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (manifest[key] !== undefined) ordered[key] = manifest[key];
  for (const key of Object.keys(manifest).sort()) if (!(key in ordered) && manifest[key] !== undefined) ordered[key] = manifest[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export interface ManifestSource {
  /** The config's `bundle` block (platform key spelling). */
  bundle: Record<string, unknown> | undefined;
  /** The app's package.json, for defaults. */
  packageJson: { version?: unknown; description?: unknown } | undefined;
}

/** `edgeworker-version` defaults to the app's package.json version, `description` likewise. */
export function manifestFor(source: ManifestSource): Manifest {
  const fallbackVersion = typeof source.packageJson?.version === 'string' ? source.packageJson.version : '0.1.0';
  const fallbackDescription = typeof source.packageJson?.description === 'string' ? source.packageJson.description : undefined;
  const candidate = { 'edgeworker-version': fallbackVersion, description: fallbackDescription, ...source.bundle };
  return manifestSchema.parse(candidate);
}
