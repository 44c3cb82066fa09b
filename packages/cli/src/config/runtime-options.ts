/**
 * The part of `weft.config.ts` that describes the local property the runtime simulates: origins,
 * hosts, variables, simulated client context, limits and the decisions that are options
 * (spec/decisions.md 1, 3, 4, 20, 29, 30, 33). `weft serve --config` reads the same keys.
 *
 * Mock origins are referenced as `mock:<name>` wherever a URL is expected; the dev server and the
 * testing helpers start the mock and substitute its loopback URL.
 */
import { z } from 'zod';

const PMUSER_NAME = /^PMUSER_[A-Z0-9_]+$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** An http(s) URL of a local server, or `mock:<name>` naming an entry of `mocks`. */
export const originUrl = z.string().refine(
  (value) => /^mock:[A-Za-z0-9_-]+$/.test(value) || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(value),
  { message: 'expected an http:// or https:// URL (e.g. "http://127.0.0.1:9001") or "mock:<name>" naming an entry of `mocks`' },
);

export const locationProfile = z.strictObject({
  continent: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO-3166 alpha-2 country code in upper case, e.g. "FR"').optional(),
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

export const deviceProfile = z.strictObject({
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
  resolutionWidth: z.number().int().nonnegative().optional(),
  resolutionHeight: z.number().int().nonnegative().optional(),
  physicalScreenWidth: z.number().nonnegative().optional(),
  physicalScreenHeight: z.number().nonnegative().optional(),
  xhtmlSupportLevel: z.number().int().optional(),
});

export const botProfile = z.strictObject({
  segment: z.enum(['human', 'cautious', 'strict', 'safeguard', 'aggressive', 'unexpected']),
  /** A simulated Bot Manager deny (decisions 19). */
  action: z.enum(['deny']).optional(),
});

export const variables = z.record(
  z.string().regex(PMUSER_NAME, 'expected a variable name matching PMUSER_[A-Z0-9_]+'),
  z.string(),
);

/** One simulated client context; the defaults and each named scenario share this shape. */
export const contextProfile = z.strictObject({
  location: locationProfile.optional(),
  device: deviceProfile.optional(),
  bot: botProfile.optional(),
  clientIp: z.string().optional(),
  variables: variables.optional(),
});

export const cacheOptions = z.strictObject({
  /** Turn the simulated edge cache off entirely (every request is a miss, nothing is stored). */
  enabled: z.boolean().optional(),
  /** TTL when the origin sends no caching headers, in seconds (0: not cached). */
  defaultTtlSeconds: z.number().int().nonnegative().optional(),
  /** Most entries kept in memory before the oldest is evicted. */
  maxEntries: z.number().int().positive().optional(),
});

export const runtimeOptionsShape = {
  /** The default origin: requests that no handler answers are forwarded here. */
  origin: originUrl.optional(),
  /** Named origins for `request.route({ origin })` (`--origin-id ID=URL`). */
  origins: z.record(z.string().min(1), originUrl).optional(),
  /** Hostnames that sub-requests may reach, mapped to the local server answering for each (decisions 21, 23). */
  hosts: z.record(z.string().regex(HOSTNAME, 'expected a lower-case hostname such as "api.example.com"'), originUrl).optional(),
  /** PMUSER variables of the property (`--var`). */
  variables: variables.optional(),
  /** Simulated client context used when a request carries no `x-weft-*` header. */
  defaults: contextProfile.optional(),
  /** Named client contexts, picked per request with `x-weft-scenario: <name>`. */
  scenarios: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a scenario name of letters, digits, "_" or "-"'), contextProfile).optional(),
  tier: z.union([z.literal(100), z.literal(200), z.literal(280)]).optional(),
  limits: z.enum(['current', '2025-03']).optional(),
  cache: cacheOptions.optional(),
  responseProviderFailure: z.enum(['origin', 'error']).optional(),
  continueOnError: z.boolean().optional(),
  /** What `userLocation`/`device` fields are when unknown (decisions 3). */
  missingContext: z.enum(['undefined', 'null']).optional(),
  /** Run each request in a fresh sandbox instance to flush out module-state bugs (decisions 29). */
  instancePerRequest: z.boolean().optional(),
  scheme: z.enum(['http', 'https']).optional(),
  /** A fixed ISO time for the worker's clock (decisions 33). */
  clock: z.iso.datetime({ offset: true }).optional(),
  /** Makes `Math.random` and `crypto.getRandomValues` repeatable (decisions 33). */
  seed: z.number().int().optional(),
};

export const runtimeOptions = z.strictObject(runtimeOptionsShape);
export type RuntimeOptionsInput = z.input<typeof runtimeOptions>;
