/// <reference types="akamai-edgeworkers" />
/**
 * The client's own request body, read and validated before any source is called
 * (`api({ body: schema })`, issue 17). Each way it can be wrong answers its own problem document
 * (RFC 9457), so a client learns what to fix without a sub-request being spent:
 *
 * | Problem | Status | When |
 * |---|---|---|
 * | `request-body-too-large` | 413 | more than `maxBodyBytes` (default and ceiling: 1 MiB, the platform's request-body stream limit, spec §21.2) |
 * | `request-body-media-type` | 415 | a body whose `Content-Type` is not JSON (`application/json` or `+json`) |
 * | `request-body-missing` | 400 | no body |
 * | `request-body-not-json` | 400 | a JSON content type, but the bytes do not parse (RFC 9110 §15.5.1) |
 * | `request-body-unreadable` | 400 | the body broke off, or other code had already read or locked it |
 * | `request-body-invalid` | 422 | JSON that the schema refuses: `errors` lists each issue with its JSON Pointer (RFC 9110 §15.5.21, RFC 9457 §3's example) |
 *
 * The body is read from `request.body` as a stream, counting bytes, so a large body costs no
 * more than the limit; the platform's own 1 MiB stream limit also ends up as a 413.
 */
import { TextDecoder } from 'encoding';
import { DefinitionError, describe } from '../core/errors.ts';
import type { AnySchema, StandardSchemaV1 } from '../core/schema.ts';
import type { EdgeRequest } from '../core/context.ts';
import type { Problem } from './problem.ts';

/** spec §21.2: responseProvider may stream at most 1 MB of the client's body (Weft's limits: 1 MiB). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** One schema issue as the problem document lists it (the shape of RFC 9457 §3's example). */
export interface BodyIssue {
  /** JSON Pointer (RFC 6901) into the request body; empty for the body itself. */
  pointer: string;
  detail: string;
}

export interface BodyProblem extends Problem {
  errors?: BodyIssue[];
}

export type BodyRead = { ok: true; value: unknown } | { ok: false; problem: BodyProblem };

export interface BodyCheck {
  readonly schema: AnySchema;
  readonly maxBytes: number;
}

/** The checked `body` and `maxBodyBytes` options of `api()`, or undefined when there is no schema. */
export function bodyCheck(schema: unknown, maxBytes: unknown): BodyCheck | undefined {
  if (schema === undefined) {
    if (maxBytes !== undefined) throw new DefinitionError('api(): maxBodyBytes needs a body schema (api({ body: schema, maxBodyBytes })); without one the request body is not read');
    return undefined;
  }
  const standard = (schema as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard'];
  if (standard?.version !== 1 || typeof standard.validate !== 'function') {
    throw new DefinitionError(`api(): body must be a Standard Schema v1 validator (zod, zod/mini, valibot, or an object with '~standard': { version: 1, vendor, validate }), got ${describe(schema)}`);
  }
  const limit = maxBytes ?? MAX_REQUEST_BODY_BYTES;
  if (!(Number.isInteger(limit) && (limit as number) > 0 && (limit as number) <= MAX_REQUEST_BODY_BYTES)) {
    throw new DefinitionError(`api(): maxBodyBytes must be an integer from 1 to ${MAX_REQUEST_BODY_BYTES} (the platform streams at most 1 MB of a request body, spec §21.2), got ${describe(maxBytes)}`);
  }
  return { schema: schema as AnySchema, maxBytes: limit as number };
}

function problem(kind: string, title: string, status: number, detail: string, instance: string): BodyProblem {
  return { type: `urn:weft:compose:${kind}`, title, status, detail, instance };
}

const isJson = (type: string): boolean => /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(type.trim());

/** Reads, parses and validates the body; never throws for what the client sent. */
export async function readBody(request: EdgeRequest, check: BodyCheck): Promise<BodyRead> {
  const instance = request.path;
  const type = request.getHeader('content-type')?.[0];
  const declared = Number(request.getHeader('content-length')?.[0] ?? Number.NaN);
  if (declared > check.maxBytes) return { ok: false, problem: tooLarge(check.maxBytes, instance) };
  if (type !== undefined && !isJson(type)) {
    return { ok: false, problem: problem('request-body-media-type', 'The request body is not JSON', 415, `Content-Type ${describe(type)} is not JSON; send the body as application/json`, instance) };
  }
  const bytes = await readBytes(request.body, check.maxBytes);
  if (bytes === 'too-large') return { ok: false, problem: tooLarge(check.maxBytes, instance) };
  if (bytes === 'unreadable') return { ok: false, problem: problem('request-body-unreadable', 'The request body could not be read', 400, 'the request body could not be read (already read, or broke off); send it again', instance) };
  if (bytes.length === 0) {
    return { ok: false, problem: problem('request-body-missing', 'A request body is required', 400, 'this resource needs a JSON request body (Content-Type: application/json); none was sent', instance) };
  }
  if (type === undefined) {
    return { ok: false, problem: problem('request-body-media-type', 'The request body is not JSON', 415, 'the request body has no Content-Type; send it as application/json', instance) };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { ok: false, problem: problem('request-body-not-json', 'The request body is not valid JSON', 400, `the request body does not parse as JSON: ${error instanceof Error ? error.message : String(error)}`, instance) };
  }
  let result = check.schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues === undefined) return { ok: true, value: result.value };
  const errors = result.issues.slice(0, 20).map((issue) => ({ pointer: pointerOf(issue.path), detail: issue.message }));
  const more = result.issues.length > errors.length ? ` (the first ${errors.length} are listed)` : '';
  const invalid = problem('request-body-invalid', 'The request body does not match its schema', 422, `${result.issues.length} issue${result.issues.length === 1 ? '' : 's'} in the request body${more}`, instance);
  return { ok: false, problem: { ...invalid, errors } };
}

function tooLarge(max: number, instance: string): BodyProblem {
  return problem('request-body-too-large', 'The request body is too large', 413, `the request body is over ${max} bytes; send a smaller one`, instance);
}

/** The part of the platform's `request.body` (a `ReadableStream` of bytes, spec §3.1) read here. */
interface ByteStream {
  getReader(): { read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>; cancel(): Promise<void> };
}

/** The body's bytes, at most `max` of them. */
async function readBytes(body: unknown, max: number): Promise<Uint8Array | 'too-large' | 'unreadable'> {
  if (body === null || body === undefined || typeof (body as { getReader?: unknown }).getReader !== 'function') return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // Inside the try: a body another reader locked, or already read, cannot be used either.
    const reader = (body as ByteStream).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch (error) {
    // The platform's own stream limit (spec §21.2) errors the stream with this code.
    return (error as { code?: unknown } | null)?.code === 'WEFT_REQUEST_BODY_LIMIT' ? 'too-large' : 'unreadable';
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** RFC 6901: `/`-joined keys, `~` as `~0` and `/` as `~1`. */
export function pointerOf(path: StandardSchemaV1.Issue['path']): string {
  if (path === undefined) return '';
  let out = '';
  for (const segment of path) {
    const key = typeof segment === 'object' ? segment.key : segment;
    out += `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return out;
}
