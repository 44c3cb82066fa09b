/**
 * The runtime options of one served worker, declared once (docs/style.md habit 6): the local
 * property settings of decisions 1, 3, 4, 20, 21, 23, 30 and 33 (docs/decisions.md) plus the
 * simulation defaults. `RuntimeOptionsInput` is what a config file or the CLI writes;
 * `RuntimeOptions` is the parsed, defaulted value the runtime reads. The app-level `weft.config.ts`
 * schema extends this one.
 */
import { z } from '../zod.ts';
import { describeValue } from '@weft/platform';
import { ConfigError } from './config-error.ts';
import { valueAt } from './value-at.ts';

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    // new URL throws only for an unparsable URL: the refinement's message says what is expected.
    return false;
  }
}, 'an absolute http:// or https:// URL');

const pmUserName = z.string().regex(/^PMUSER_[A-Z0-9_]+$/, 'a PMUSER_ name in upper case (letters, digits, _)');

/** Location defaults (spec §6); the same fields the `x-weft-location` header sets. */
export const locationSchema = z.strictObject({
  continent: z.string().optional(),
  country: z.string().optional(),
  region: z.string().optional(),
  city: z.string().optional(),
  zipCode: z.string().optional(),
  dma: z.string().optional(),
  timezone: z.string().optional(),
  networkType: z.string().optional(),
  bandwidth: z.string().optional(),
  latitude: z.string().optional(),
  longitude: z.string().optional(),
  areaCodes: z.array(z.string()).optional(),
  fips: z.array(z.string()).optional(),
});

/** Device defaults (spec §7). */
export const deviceSchema = z.strictObject({
  brandName: z.string().optional(),
  modelName: z.string().optional(),
  marketingName: z.string().optional(),
  os: z.string().optional(),
  osVersion: z.string().optional(),
  mobileBrowser: z.string().optional(),
  mobileBrowserVersion: z.string().optional(),
  isMobile: z.boolean().optional(),
  isTablet: z.boolean().optional(),
  isWireless: z.boolean().optional(),
  hasAjaxSupport: z.boolean().optional(),
  hasCookieSupport: z.boolean().optional(),
  hasFlashSupport: z.boolean().optional(),
  acceptsThirdPartyCookie: z.boolean().optional(),
  resolutionWidth: z.number().optional(),
  resolutionHeight: z.number().optional(),
  physicalScreenWidth: z.number().optional(),
  physicalScreenHeight: z.number().optional(),
  xhtmlSupportLevel: z.number().int().optional(),
});

export const BOT_SEGMENTS = ['human', 'cautious', 'strict', 'safeguard', 'aggressive', 'unexpected'] as const;
export type BotSegment = (typeof BOT_SEGMENTS)[number];

/** Bot Manager simulation (decision 19): a segment makes onBotSegmentAvailable run; `deny` answers 403. */
export const botSchema = z.strictObject({
  segment: z.enum(BOT_SEGMENTS),
  action: z.enum(['allow', 'deny']).default('allow'),
});

export const cacheOptionsSchema = z.strictObject({
  /** Turn the local cache model off entirely (every request is a miss, nothing is stored). */
  enabled: z.boolean().default(true),
  /** Lifetime for cacheable responses that carry no freshness of their own; 0 stores nothing then. */
  defaultTtlSeconds: z.number().int().min(0).default(0),
  maxEntries: z.number().int().min(1).default(1000),
  /** Objects larger than this stream through but are not stored. */
  maxObjectBytes: z.number().int().min(0).default(8 * 1024 * 1024),
});

export const traceOptionsSchema = z.strictObject({
  /** How many finished traces `/__weft/traces` keeps (under load, fewer: trace/store.ts). */
  retention: z.number().int().min(1).default(200),
});

export const runtimeOptionsSchema = z.strictObject({
  /** Default origin: where requests go on a cache miss without responseProvider. */
  origin: httpUrl.optional(),
  /** Hostname → base URL that sub-requests to that host reach (decisions 21, 23). */
  hosts: z.record(z.string().min(1), httpUrl).default({}),
  /**
   * Hostname of `hosts` → whether its sub-requests go through the cache (issue 17: at the edge a
   * sub-request to a host the property serves does). A mapped host not named here does (GET only,
   * under the `cache` rules); `false` sends its sub-requests straight out.
   */
  subrequestCache: z.record(z.string().min(1), z.boolean()).default({}),
  /**
   * Hostname of `hosts` → the local app whose pipeline answers its sub-requests as a subWorker
   * (platform §20). `weft dev` fills it from `hosts` values written `app:<name>`.
   */
  subWorkers: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Origin id → base URL for `request.route({ origin })` (spec §3.5). */
  originIds: z.record(z.string().min(1), httpUrl).default({}),
  /** Property variables (PMUSER_*) every request starts with. */
  variables: z.record(pmUserName, z.string()).default({}),
  tier: z.union([z.literal(100), z.literal(200), z.literal(280)], { error: 'expected 100, 200 or 280' }).default(200),
  limitsProfile: z.enum(['current', '2025-03']).default('current'),
  cache: cacheOptionsSchema.default(cacheOptionsSchema.parse({})),
  /** Decision 1: what a failing responseProvider does. */
  responseProviderFailure: z.enum(['origin', 'error']).default('origin'),
  /** Decision 20: Continue on error (never covers responseProvider). */
  continueOnError: z.boolean().default(false),
  /** Decision 30: the scheme handlers see (`https` simulates TLS termination). */
  scheme: z.enum(['http', 'https']).default('http'),
  location: locationSchema.optional(),
  device: deviceSchema.optional(),
  bot: botSchema.optional(),
  /** Client IP when the request has no `x-weft-client-ip`; default the socket's address. */
  clientIp: z.string().min(1).optional(),
  /** Decision 29: a fresh sandbox instance per request (flushes out module-state bugs); default one shared instance. */
  instancePerRequest: z.boolean().default(false),
  /** Decision 3: a missing location/device is `undefined` (default) or `null` (no entitlement). */
  missingEntitlement: z.enum(['undefined', 'null']).default('undefined'),
  /** Decision 33: a fixed start time (ISO 8601) instead of the real clock. */
  clock: z.iso.datetime({ offset: true }).optional(),
  /** Decision 33: makes Math.random and crypto.getRandomValues repeatable. */
  seed: z.number().int().optional(),
  /** Identity printed in debug headers (`ew=<id> v<version>:<name>`); version/name default from bundle.json. */
  ewId: z.number().int().min(0).default(1),
  name: z.string().optional(),
  version: z.string().optional(),
  cpCode: z.number().int().min(0).default(0),
  /** Enhanced debug headers need an Akamai-EW-Trace token: any value, or exactly this one when set. */
  debugToken: z.string().optional(),
  trace: traceOptionsSchema.default(traceOptionsSchema.parse({})),
});

export type RuntimeOptionsInput = z.input<typeof runtimeOptionsSchema>;
export type RuntimeOptions = z.output<typeof runtimeOptionsSchema>;
export type LocationDefaults = z.output<typeof locationSchema>;
export type DeviceDefaults = z.output<typeof deviceSchema>;
export type BotSimulation = z.output<typeof botSchema>;

/** Turns a zod issue into one line naming the key path, the expected type and the value. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix = ''): { path: string; message: string } {
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || '(root)';
  const value = valueAt(input, issue.path);
  let rule = issue.message;
  if (issue.code === 'unrecognized_keys') rule = `unknown key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (issue.code === 'invalid_type') rule = `expected ${issue.expected}`;
  if (issue.code === 'invalid_key') {
    const key = issue.path[issue.path.length - 1];
    return { path, message: `config "${path}": the key ${JSON.stringify(String(key))} is not ${issue.issues[0]?.message ?? 'valid'}` };
  }
  if (issue.code === 'invalid_value') rule = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  const got = issue.code === 'unrecognized_keys' ? '' : ` (got ${describeValue(value)})`;
  return { path, message: `config "${path}": ${rule}${got}` };
}

/** Parses runtime options; throws a ConfigError naming every bad key. */
export function parseRuntimeOptions(input: unknown, prefix = ''): RuntimeOptions {
  const result = runtimeOptionsSchema.safeParse(input ?? {});
  if (result.success) {
    unmappedHostKeys(result.data, prefix);
    return result.data;
  }
  const described = result.error.issues.map((issue) => describeIssue(issue, input, prefix));
  const first = described[0];
  throw new ConfigError(first?.path ?? '(root)', described.map((entry) => entry.message).join('\n'));
}

/** `subrequestCache` and `subWorkers` name hosts of `hosts`; anything else is a mistake worth naming. */
function unmappedHostKeys(options: RuntimeOptions, prefix: string): void {
  const mapped = new Set(Object.keys(options.hosts).map((host) => host.toLowerCase()));
  for (const key of ['subrequestCache', 'subWorkers'] as const) {
    for (const host of Object.keys(options[key])) {
      if (mapped.has(host.toLowerCase())) continue;
      const path = [prefix, key, host].filter((part) => part !== '').join('.');
      const known = [...mapped].join(', ') || 'none';
      throw new ConfigError(path, `config "${path}": host ${JSON.stringify(host)} is not a key of "hosts" (mapped: ${known}); map it in "hosts" first, or remove it here`);
    }
  }
}
