/** The service's answers. Error bodies are JSON, which the helper parses into its error's `body`. */
import type { Context } from 'hono';
import { EDGEKV_STREAM_THRESHOLD } from '@weft/runtime';

export interface ErrorBody {
  status: number;
  title: string;
  detail: string;
}

export function problem(c: Context, status: 400 | 401 | 403 | 404 | 405 | 500 | 502 | 503 | 504 | number, title: string, detail: string): Response {
  const body: ErrorBody = { status, title, detail };
  return c.newResponse(JSON.stringify(body), status as 400, { 'content-type': 'application/json' });
}

const CHUNK = 64 * 1024;

function contentType(value: Uint8Array): string {
  for (const byte of value) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b ? 'application/json' : 'text/plain; charset=utf-8';
  }
  return 'text/plain; charset=utf-8';
}

/**
 * A value as EdgeKV serves it: with Content-Length under 128,000 bytes; from that size on as a
 * chunked stream without one, so the helper takes its streamed path as it does in production.
 */
export function valueReply(value: Uint8Array<ArrayBuffer>): Response {
  const headers = { 'content-type': contentType(value) };
  if (value.byteLength < EDGEKV_STREAM_THRESHOLD) {
    return new Response(value, { status: 200, headers: { ...headers, 'content-length': String(value.byteLength) } });
  }
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(value.subarray(offset, offset + CHUNK));
      offset += CHUNK;
      if (offset >= value.byteLength) controller.close();
    },
  });
  return new Response(stream, { status: 200, headers });
}
