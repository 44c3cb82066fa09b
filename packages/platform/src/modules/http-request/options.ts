/**
 * Validation of `httpRequest(url, options)` arguments (spec §10, decisions 9, 26). Which headers
 * reach the wire (decisions 25) is the host's call (host/request-plan.ts).
 */
import { describeValue } from '../../errors.ts';
import { isPrimitive, readHeaderObject } from '../shared/header-rules.ts';

export const SUBREQUEST_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;
export type SubrequestMethod = (typeof SUBREQUEST_METHODS)[number];

export interface StreamLike {
  getReader(): { read(): Promise<{ done?: boolean; value?: unknown }>; releaseLock?(): void; cancel(reason?: unknown): Promise<void> };
}

export interface RequestPlan {
  method: SubrequestMethod;
  /** Header lines in the worker's order, names as given. */
  headers: Array<[string, string]>;
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
  const headers = readHeaderObject(o.headers, 'httpRequest(): options.headers');
  return { method: readMethod(o.method), headers, body: readBody(o.body), timeoutMs: readTimeout(o.timeout) };
}
