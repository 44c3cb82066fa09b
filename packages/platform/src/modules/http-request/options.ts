/**
 * Validation of `httpRequest(url, options)` arguments (spec §10, decisions 9, 25, 26).
 */
import { describeValue } from '../../errors.ts';
import { isPrimitive, readHeaderObject } from '../shared/header-rules.ts';

export const SUBREQUEST_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;
export type SubrequestMethod = (typeof SUBREQUEST_METHODS)[number];

// Hop-by-hop headers and those the platform computes itself (decisions 25).
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade', 'content-length', 'host']);

export interface StreamLike {
  getReader(): { read(): Promise<{ done?: boolean; value?: unknown }>; releaseLock?(): void; cancel(reason?: unknown): Promise<void> };
}

export interface RequestPlan {
  method: SubrequestMethod;
  /** Lower-case names; one value as a string, repeated ones as an array (as undici takes them). */
  headers: Record<string, string | string[]>;
  body: string | StreamLike | undefined;
  timeoutMs: number | undefined;
}

function readMethod(value: unknown): SubrequestMethod {
  if (value === undefined) return 'GET';
  const upper = typeof value === 'string' ? value.toUpperCase() : undefined;
  const method = SUBREQUEST_METHODS.find((m) => m === upper);
  if (method === undefined) {
    throw new TypeError(`httpRequest(): method ${describeValue(value)} is not supported; sub-requests allow ${SUBREQUEST_METHODS.join(', ')} (decisions 9)`);
  }
  return method;
}

function readTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new TypeError(`httpRequest(): options.timeout must be a positive integer number of milliseconds; got ${describeValue(value)}`);
  }
  return value;
}

function readBody(value: unknown): string | StreamLike | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && typeof (value as { getReader?: unknown }).getReader === 'function') return value as StreamLike;
  if (isPrimitive(value)) return String(value);
  throw new TypeError(`httpRequest(): options.body must be a string or a ReadableStream; got ${describeValue(value)}`);
}

export function readOptions(options: unknown): RequestPlan {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`httpRequest(): options must be an object ({ method, headers, body, timeout }); got ${describeValue(options)}`);
  }
  const o = (options ?? {}) as Record<string, unknown>;
  const pairs = readHeaderObject(o.headers, 'httpRequest(): options.headers');
  // Headers that Connection names are hop-by-hop too (RFC 9110 §7.6.1).
  const named = pairs.filter(([name]) => name.toLowerCase() === 'connection').flatMap(([, value]) => value.split(',').map((token) => token.trim().toLowerCase()));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (DROPPED.has(key) || named.includes(key)) continue;
    const previous = headers[key];
    headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { method: readMethod(o.method), headers, body: readBody(o.body), timeoutMs: readTimeout(o.timeout) };
}

/** A request body stream as undici consumes it; chunks from the sandbox may be any realm's views. */
export async function* streamChunks(stream: StreamLike): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done === true) return;
    if (typeof value === 'string') yield Buffer.from(value);
    else if (ArrayBuffer.isView(value)) yield new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    else throw new TypeError(`httpRequest(): options.body stream chunks must be Uint8Array or string; got ${describeValue(value)}`);
  }
}
