/**
 * `weft.config.ts`: one per app, the single source of truth for how `pnpm dev`, `weft build`,
 * `weft serve --config` and `@weft/testing` run a worker. The zod schema below is checked at load
 * time; the authoring type (`WeftConfigInput`) and the parsed type (`WeftConfig`) are inferred
 * from it.
 *
 * @example
 * ```ts
 * // apps/my-app/weft.config.ts
 * import { defineConfig } from '@weft/cli';
 *
 * export default defineConfig({
 *   entry: 'src/main.ts',
 *   port: 8701,
 *   origin: 'mock:origin',                       // requests not answered by the worker go here
 *   hosts: { 'api.example.com': 'mock:api' },   // hosts sub-requests may reach
 *   variables: { PMUSER_TIER: 'gold' },
 *   location: { country: 'FR', city: 'PARIS' },  // simulated context when a request sets none
 *   device: { isMobile: false },
 *   scenarios: { mobile: { device: { isMobile: true } } },   // picked with x-weft-scenario: mobile
 *   tier: 200,
 *   mocks: {
 *     origin: { routes: { '/': { body: '<html>…</html>', headers: { 'content-type': 'text/html' } } } },
 *     api: { module: 'mocks/api.ts' },           // default export: a Hono app, a fetch handler or a node:http handler
 *   },
 *   bundle: { 'edgeworker-version': '1.0.0', description: 'My worker' },
 * });
 * ```
 */
import { z } from '@weft/runtime/zod';
import { manifestRules } from '@weft/runtime';
import { edgeKvConfigSchema } from '../edgekv/config.ts';
import { runtimeOptionsWithMocks } from './runtime-options.ts';

const METHODS = '(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)';
const ROUTE_KEY = new RegExp(`^(?:${METHODS} )?/\\S*$`);

const STATUS = 'expected a number from 100 to 599 (an HTTP status)';
const DELAY = 'expected a whole number of milliseconds, 0 or more';

/** A canned answer of a mock origin. A string is a 200 text/plain body. */
export const mockResponse = z.union([
  z.string(),
  z.strictObject({
    status: z.number({ error: STATUS }).int({ error: STATUS }).min(100, { error: STATUS }).max(599, { error: STATUS }).optional(),
    headers: z.record(z.string(), z.string({ error: 'expected a header value as a string' })).optional(),
    body: z.string({ error: 'expected the body as a string (use `json` for a value to serialise)' }).optional(),
    /** Serialised as the body with `content-type: application/json`. */
    json: z.unknown().optional(),
    /** Wait this long before answering (simulates a slow origin). */
    delayMs: z.number({ error: DELAY }).int({ error: DELAY }).nonnegative({ error: DELAY }).optional(),
  }),
]);

export const mockOrigin = z
  .strictObject({
    /** Fixed port; default: any free port (0). */
    port: z.number().int().min(0).max(65535).optional(),
    /** `"GET /path"` or `"/path"` (any method); a trailing `*` matches a prefix. */
    routes: z.record(z.string().regex(ROUTE_KEY, 'expected a route key such as "/path", "GET /api/*"'), mockResponse).optional(),
    /** Path (relative to the config) of a module whose default export is a Hono app (an object with `fetch`), a fetch handler `(request) => Response`, or a node:http handler `(request, response)`. */
    module: z.string().min(1).optional(),
  })
  .refine((mock) => (mock.routes === undefined) !== (mock.module === undefined), {
    message: 'expected exactly one of `routes` or `module`',
  });


/** The `bundle.json` manifest written by `weft build` (spec §23.2); keys use the platform's spelling. */
export const bundleManifest = z.strictObject({
  'edgeworker-version': manifestRules.version.optional(),
  'bundle-version': manifestRules.bundleVersion.optional(),
  'api-version': manifestRules.apiVersion.optional(),
  description: z.string().optional(),
  misc: z.record(z.string(), z.unknown()).optional(),
  config: z
    .strictObject({
      logging: z.strictObject({ level: manifestRules.logLevel.optional(), schema: z.string().optional(), ds2id: manifestRules.ds2id }).optional(),
      subrequest: z.strictObject({ 'invoke-for-edgeworker-clients': z.boolean().optional() }).optional(),
      'client-ip-header': z.boolean().optional(),
    })
    .optional(),
  dependencies: z.record(z.string(), z.strictObject({ edgeWorkerId: z.number().int(), version: manifestRules.dependencyVersion })).optional(),
});

export const weftConfig = runtimeOptionsWithMocks.extend({
    /** App name (`dist/<name>.tgz`, the banner, debug headers); default: the folder name. */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case name of letters, digits, ".", "_" or "-"').optional(),
    /** The worker's entry module, relative to the config file (TypeScript or JavaScript). */
    entry: z.string().min(1),
    /** Port of the dev server for this app; default: the next free one from 8700. */
    port: z.number().int().min(0).max(65535).optional(),
    /** Decision 29: a fresh sandbox instance per request, to flush out module-state bugs. */
    instancePerRequest: z.boolean().optional(),
    mocks: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a mock name of letters, digits, "_" or "-"'), mockOrigin).optional(),
    bundle: bundleManifest.optional(),
    /** Local EdgeKV (docs/edgekv.md); on without this key when the app has an `edgekv/` folder. */
    edgekv: edgeKvConfigSchema.optional(),
  });

export type WeftConfigInput = z.input<typeof weftConfig>;
export type WeftConfig = z.output<typeof weftConfig>;
export type MockOriginConfig = z.output<typeof mockOrigin>;
export type MockResponseConfig = z.output<typeof mockResponse>;
export type BundleManifestConfig = z.output<typeof bundleManifest>;

/**
 * Every `mock:<name>` must name a declared mock (or one the caller runs itself, such as a testing
 * helper's handler function); returns one line per dangling reference.
 */
export function danglingMockRefs(config: WeftConfig, external: readonly string[] = []): string[] {
  const declared = new Set([...Object.keys(config.mocks ?? {}), ...external]);
  const problems: string[] = [];
  const check = (value: string | undefined, where: string): void => {
    if (value?.startsWith('mock:') && !declared.has(value.slice(5))) {
      problems.push(`${where}: "${value}" names no entry of \`mocks\` (declared: ${[...declared].join(', ') || 'none'})`);
    }
  };
  check(config.origin, 'origin');
  for (const [id, url] of Object.entries(config.originIds ?? {})) check(url, `originIds.${id}`);
  for (const [host, url] of Object.entries(config.hosts ?? {})) check(url, `hosts["${host}"]`);
  return problems;
}

/** Typed authoring of `weft.config.ts`; returns its argument unchanged. */
export function defineConfig(config: WeftConfigInput): WeftConfigInput {
  return config;
}
