/**
 * The opaque object `createResponse` hands to worker code, and the host-side reader the runtime uses
 * to tell a real result from anything else a responseProvider may resolve to (decisions 28).
 */
import type { ReadableStream } from '../../realm/streams.ts';

export interface CreatedResponse {
  status: number;
  /** Header pairs in the order given, names as written by the worker. */
  headers: Array<[string, string]>;
  /** A string, or a byte stream whose chunks are checked to be Uint8Array. */
  body: string | ReadableStream<Uint8Array>;
  /** Only meaningful for 403 (spec §9). */
  denyReason: string | undefined;
}

const created = new WeakMap<object, CreatedResponse>();

/** Worker code sees an empty frozen object: the platform documents the result as opaque. */
export function wrapCreatedResponse(response: CreatedResponse): object {
  const handle = Object.freeze(Object.create(null, { [Symbol.toStringTag]: { __proto__: null, value: 'CreateResponse' } as PropertyDescriptor }) as object);
  created.set(handle, response);
  return handle;
}

/** The response a `createResponse()` result stands for, or undefined for any other value. */
export function readCreatedResponse(value: unknown): CreatedResponse | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  return created.get(value);
}
