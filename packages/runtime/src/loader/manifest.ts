/**
 * `bundle.json` as the runtime reads it (spec §23.2, decision 31): a broken manifest never stops
 * serving; each problem becomes a warning and the identity falls back to defaults.
 */
export interface BundleManifest {
  version: string | undefined;
  description: string | undefined;
  logLevel: string | undefined;
  /** The parsed JSON object, for tools that need other keys. */
  raw: Record<string, unknown>;
}

const VERSION = /^(?!.*\.\.)[.a-zA-Z0-9_~-]{1,32}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];

export function readManifest(text: string, where: string, warnings: string[]): BundleManifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    warnings.push(`${where} is not valid JSON (${(error as Error).message}); serving with name and version defaults.`);
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    warnings.push(`${where} must hold a JSON object; serving with name and version defaults.`);
    return undefined;
  }
  const raw = parsed as Record<string, unknown>;
  const version = raw['edgeworker-version'];
  let okVersion: string | undefined;
  if (typeof version !== 'string') warnings.push(`${where}: "edgeworker-version" is required and must be a string (got ${JSON.stringify(version) ?? 'nothing'}); using 0.0.0.`);
  else if (!VERSION.test(version) || version === '.') warnings.push(`${where}: "edgeworker-version" ${JSON.stringify(version)} must be 1-32 of [A-Za-z0-9._~-] without ".."; using it anyway locally.`);
  if (typeof version === 'string') okVersion = version;
  const bundleVersion = raw['bundle-version'];
  if (bundleVersion !== undefined && !(Number.isInteger(bundleVersion) && (bundleVersion as number) >= 1)) warnings.push(`${where}: "bundle-version" must be an integer >= 1 (got ${JSON.stringify(bundleVersion)}).`);
  const apiVersion = raw['api-version'];
  if (apiVersion !== undefined && !(typeof apiVersion === 'string' && /^[0-9.]*$/.test(apiVersion))) warnings.push(`${where}: "api-version" must be a string of digits and dots (got ${JSON.stringify(apiVersion)}).`);
  const config = raw.config as { logging?: { level?: unknown } } | undefined;
  const level = config?.logging?.level;
  if (level !== undefined && !(typeof level === 'string' && LOG_LEVELS.includes(level))) warnings.push(`${where}: "config.logging.level" must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(level)}).`);
  return {
    version: okVersion,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    logLevel: typeof level === 'string' && LOG_LEVELS.includes(level) ? level : undefined,
    raw,
  };
}
