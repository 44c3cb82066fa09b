/**
 * `bundle.json` (spec §23.2, decision 31): one schema of its documented keys, which `weft validate`
 * judges a bundle by and the runtime reads it with. The platform allows unknown keys, so the
 * schema is loose at the top level while checking every documented key. The runtime never stops
 * serving for a broken manifest: each problem becomes a warning and the identity falls back to
 * defaults.
 */
import { z } from '../zod.ts';
import { valueAt } from '../config/value-at.ts';

export interface BundleManifest {
  version: string | undefined;
  description: string | undefined;
  logLevel: string | undefined;
  /** The parsed JSON object, for tools that need other keys. */
  raw: Record<string, unknown>;
}

/** Intended server-side rule: 1–32 of [A-Za-z0-9._~-], no "..", not a lone "." (spec §23.2). */
export const EDGEWORKER_VERSION = /^(?!.*\.\.)(?!\.$)[.a-zA-Z0-9_~-]{1,32}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/**
 * The documented keys' rules, shared by the schema below and the app config's `bundle` block
 * (packages/cli/src/config/schema.ts), which is strict to catch typos where this one is loose.
 */
export const manifestRules = {
  version: z.string().regex(EDGEWORKER_VERSION, 'expected 1–32 of [A-Za-z0-9._~-] without ".." and not "."'),
  bundleVersion: z.number().int().min(1),
  apiVersion: z.string().regex(/^[0-9.]*$/, 'expected digits and dots, e.g. "0.3"'),
  logLevel: z.enum(LOG_LEVELS),
  // spec §23.2: ds2id is required whenever logging is present.
  ds2id: z.number().int(),
  dependencyVersion: z.string().regex(/^(active|revisionId:\S+)$/, 'expected "active" or "revisionId:<x-y>"'),
};

export const manifestSchema = z.looseObject({
  'edgeworker-version': manifestRules.version,
  'bundle-version': manifestRules.bundleVersion.optional(),
  'api-version': manifestRules.apiVersion.optional(),
  description: z.string().optional(),
  misc: z.record(z.string(), z.unknown()).optional(),
  config: z
    .looseObject({
      logging: z.looseObject({ level: manifestRules.logLevel.optional(), schema: z.string().optional(), ds2id: manifestRules.ds2id }).optional(),
      subrequest: z.looseObject({ 'invoke-for-edgeworker-clients': z.boolean().optional() }).optional(),
      'client-ip-header': z.boolean().optional(),
    })
    .optional(),
  dependencies: z.record(z.string(), z.looseObject({ edgeWorkerId: z.number().int(), version: manifestRules.dependencyVersion })).optional(),
});

export type Manifest = z.output<typeof manifestSchema>;

export function readManifest(text: string, where: string, warnings: string[]): BundleManifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    warnings.push(`${where} is not valid JSON (${error.message}); serving with name and version defaults.`);
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    warnings.push(`${where} must hold a JSON object; serving with name and version defaults.`);
    return undefined;
  }
  const raw = parsed as Record<string, unknown>;
  const checked = manifestSchema.safeParse(raw);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = issue.path.map(String).join('.');
      const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
      const problem = missing ? 'is required' : `is invalid (${issue.message}; got ${JSON.stringify(valueAt(raw, issue.path))})`;
      const fallback = key === 'edgeworker-version' && typeof valueAt(raw, issue.path) !== 'string' ? ' using 0.0.0,' : '';
      warnings.push(`${where}: "${key}" ${problem};${fallback} serving anyway (weft validate refuses this bundle).`);
    }
  }
  const version = raw['edgeworker-version'];
  const config = raw.config as { logging?: { level?: unknown } } | undefined;
  const level = config?.logging?.level;
  return {
    version: typeof version === 'string' ? version : undefined,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    logLevel: typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level) ? level : undefined,
    raw,
  };
}

