/**
 * `bundle.json` (spec §23.2): the rules `weft validate` applies, and the manifest `weft build`
 * writes from the app's config. The platform allows unknown keys, so the validation schema is
 * loose at the top level while checking every documented key.
 */
import { z } from 'zod';

/** Intended server-side rule: 1–32 of [A-Za-z0-9._~-], no "..", not a lone "." (spec §23.2). */
export const EDGEWORKER_VERSION = /^(?!.*\.\.)(?!\.$)[.a-zA-Z0-9_~-]{1,32}$/;

export const manifestSchema = z.looseObject({
  'edgeworker-version': z.string().regex(EDGEWORKER_VERSION, 'expected 1–32 of [A-Za-z0-9._~-] without ".." and not "."'),
  'bundle-version': z.number().int().min(1).optional(),
  'api-version': z.string().regex(/^[0-9.]*$/, 'expected digits and dots, e.g. "0.3"').optional(),
  description: z.string().optional(),
  misc: z.record(z.string(), z.unknown()).optional(),
  config: z
    .looseObject({
      logging: z
        .looseObject({
          level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).optional(),
          schema: z.string().optional(),
          // spec §23.2: ds2id is required whenever logging is present.
          ds2id: z.number().int(),
        })
        .optional(),
      subrequest: z.looseObject({ 'invoke-for-edgeworker-clients': z.boolean().optional() }).optional(),
      'client-ip-header': z.boolean().optional(),
    })
    .optional(),
  dependencies: z
    .record(z.string(), z.looseObject({ edgeWorkerId: z.number().int(), version: z.string().regex(/^(active|revisionId:\S+)$/, 'expected "active" or "revisionId:<x-y>"') }))
    .optional(),
});

export type Manifest = z.output<typeof manifestSchema>;

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
