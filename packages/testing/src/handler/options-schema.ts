/**
 * The options of the request and response factories, declared once (docs/style.md habit 6): the
 * authoring types are inferred from these schemas, and a bad option is reported with its path, the
 * value and the nearest known name. Location and device reuse the runtime's own schemas, the same
 * fields `x-weft-location` and `x-weft-device` set.
 */
import { describeValue } from '@weft/platform';
import { BOT_SEGMENTS, deviceSchema, locationSchema } from '@weft/runtime';
import { z } from '@weft/runtime/zod';
import { TestingError } from '../errors.ts';
import { hint } from '../suggest.ts';

const headerValue = z.union([z.string(), z.array(z.string())]);
const headerRecord = z.record(z.string(), headerValue);
const headerInit = z.union([headerRecord, z.array(z.tuple([z.string(), z.string()]))]);
const pmUserName = z.string().regex(/^PMUSER_[A-Z0-9_]+$/, 'a PMUSER_ name in upper case (letters, digits, _)');

function isByteStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { getReader?: unknown }).getReader === 'function';
}

export const requestOptionsSchema = z.strictObject({
  /** Default GET. */
  method: z.string().optional(),
  /** Path and query (`/search?q=tea`), or an absolute URL that also sets `scheme` and `host`. */
  url: z.string().optional(),
  /** The raw path, default `/`; give either `url` or `path`/`query`. */
  path: z.string().optional(),
  /** The query without `?`, or its arguments as a record (encoded for you). */
  query: z.union([z.string(), z.record(z.string(), headerValue)]).optional(),
  /** The Host header and `request.host`; default `www.example.com`. */
  host: z.string().optional(),
  /** Default `https`. */
  scheme: z.enum(['http', 'https']).optional(),
  /** Request headers, as a record or as `[name, value]` lines. */
  headers: headerInit.optional(),
  /** Cookies, added as one `Cookie` header line. */
  cookies: z.record(z.string(), z.string()).optional(),
  /** `request.userLocation` (spec §6); `null` models a contract without EdgeScape (decision 3). */
  location: locationSchema.nullable().optional(),
  /** `request.device` (spec §7); `null` models a contract without Edge Device Characteristics. */
  device: deviceSchema.nullable().optional(),
  /** `request.clientIp`; default `192.0.2.1`. */
  clientIp: z.string().optional(),
  cpCode: z.number().int().min(0).optional(),
  /** PMUSER_ variables the request starts with. */
  variables: z.record(pmUserName, z.string()).optional(),
  /** Variables whose PM security setting is "sensitive": the worker can neither read nor set them (spec §3.3). */
  sensitiveVariables: z.array(pmUserName).optional(),
  /** The Bot Manager segment behind `request.botScore` (onBotSegmentAvailable only); default `human`. */
  botSegment: z.enum(BOT_SEGMENTS).optional(),
  /** The client request body (responseProvider only, spec §2.3 rule 8). */
  body: z.union([z.string(), z.instanceof(Uint8Array), z.custom<ReadableStream<Uint8Array>>(isByteStream, 'a ReadableStream of bytes')]).optional(),
});

export const responseOptionsSchema = z.strictObject({
  /** Default 200. */
  status: z.number().int().min(100).max(599).optional(),
  headers: headerInit.optional(),
});

export type RequestOptions = z.input<typeof requestOptionsSchema>;
export type ParsedRequestOptions = z.output<typeof requestOptionsSchema>;
export type ResponseOptions = z.input<typeof responseOptionsSchema>;
export type HeaderInit = z.input<typeof headerInit>;

/** Known keys by option path, for "did you mean" on an unknown key. */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(requestOptionsSchema.shape),
  location: Object.keys(locationSchema.shape),
  device: Object.keys(deviceSchema.shape),
};

function describeIssue(issue: z.core.$ZodIssue, input: unknown, where: string, known: Readonly<Record<string, readonly string[]>>): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = known[path] ?? [];
    return issue.keys.map((key) => `${where}: unknown option ${path === '' ? '' : `${path}.`}${key}${hint(key, names)}`).join('\n');
  }
  let value: unknown = input;
  for (const key of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const rule = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code === 'invalid_value' ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : issue.message;
  return `${where}: ${path === '' ? 'the options' : path} ${rule}, got ${describeValue(value)}`;
}

/** Parses `input` with an object schema, or throws a TestingError naming every bad option. */
export function parseOptions<S extends z.ZodObject>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const known = schema === (requestOptionsSchema as z.ZodObject) ? KNOWN : { '': Object.keys(schema.shape) };
  throw new TestingError(result.error.issues.map((issue) => describeIssue(issue, input, where, known)).join('\n'));
}
