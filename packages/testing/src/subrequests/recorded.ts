/** A sub-request as the worker sent it, for a test to assert on. */
import type { HandlerName } from '@weft/platform';

export interface RecordedSubrequest {
  /** The handler that sent it. */
  handler: HandlerName | undefined;
  method: string;
  /** The URL as it went out (the edge sends http:// sub-requests as https://, spec §10). */
  url: string;
  /** The header lines as sent, names in lower case, repeated lines joined with ", " (Host included). */
  headers: Record<string, string>;
  /** The body as UTF-8 text ("" when there was none). */
  body: string;
  bytes: Uint8Array;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
  /** The route that answered it; undefined when none did. */
  route: string | undefined;
}

export function recordSubrequest(fields: Omit<RecordedSubrequest, 'body' | 'json'>): RecordedSubrequest {
  const body = new TextDecoder().decode(fields.bytes);
  return {
    ...fields,
    body,
    json<T>(): T {
      return JSON.parse(body) as T;
    },
  };
}

export function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  const add = (name: string, value: unknown): void => {
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  };
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) add(String(headers[i]), headers[i + 1]);
  } else {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) add(name, value);
  }
  return out;
}

export async function readRequestBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
