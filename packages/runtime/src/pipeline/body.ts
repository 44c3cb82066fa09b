/**
 * A message body as the pipeline carries it. Bodies stay in the form they arrived in (a Node
 * stream from the client socket or undici, a WHATWG stream from createResponse, or bytes) and are
 * converted only at the boundary that needs another form, so a proxied body is never converted twice.
 */
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { OriginBody } from '../origin/origin-body.ts';

/** The same union as the edge boundary's `EdgeBody`. */
export type Body = null | string | Uint8Array | Readable | WebReadableStream<Uint8Array>;
type WebReadableStream<T> = ReadableStream<T>;

const encoder = new TextEncoder();

export function isNodeReadable(body: Body): body is Readable {
  return body instanceof Readable;
}

export function isWebStream(body: Body): body is WebReadableStream<Uint8Array> {
  return body !== null && typeof body === 'object' && !(body instanceof Uint8Array) && !(body instanceof Readable) && typeof (body as { getReader?: unknown }).getReader === 'function';
}

/** Known length in bytes, when the body is already in memory. */
export function bodyLength(body: Body): number | undefined {
  if (body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return undefined;
}

export function toNodeReadable(body: Body): Readable {
  if (isNodeReadable(body)) return body;
  if (isWebStream(body)) return Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>);
  if (body === null) return Readable.from([]);
  return Readable.from([typeof body === 'string' ? encoder.encode(body) : body]);
}

export function toWebStream(body: Body): WebReadableStream<Uint8Array> {
  if (isWebStream(body)) return body;
  if (isNodeReadable(body)) return Readable.toWeb(body) as unknown as WebReadableStream<Uint8Array>;
  const bytes = body === null ? undefined : typeof body === 'string' ? encoder.encode(body) : body;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes !== undefined && bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

export async function readAll(body: Body): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of toNodeReadable(body)) chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array));
  return concat(chunks);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  return Buffer.concat(chunks);
}

export interface TapCallbacks {
  onChunk?(chunk: Uint8Array): void;
  onEnd?(totalBytes: number): void;
  onError?(error: unknown, totalBytes: number): void;
}

/**
 * Watches a body as it streams (for the cache's store-as-it-streams and the trace's byte count)
 * without changing what flows through. In-memory bodies are reported at once.
 */
export function tapBody(body: Body, tap: TapCallbacks): Body {
  const length = bodyLength(body);
  if (length !== undefined) {
    if (body !== null && length > 0) tap.onChunk?.(typeof body === 'string' ? encoder.encode(body) : (body as Uint8Array));
    tap.onEnd?.(length);
    return body;
  }
  let total = 0;
  const source = toNodeReadable(body);
  const watcher = new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      total += chunk.byteLength;
      tap.onChunk?.(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      tap.onEnd?.(total);
      callback();
    },
  });
  source.on('error', (error) => {
    tap.onError?.(error, total);
    watcher.destroy(error);
  });
  watcher.on('close', () => {
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  return source.pipe(watcher);
}

/**
 * Reports when a body of known length has been consumed, without adding a stream stage (the
 * hot path of a proxied response): 'end' and 'error' listeners do not change the flow. `onChunk`
 * hears the chunks of every other body (a listener for a Node stream's data would change its flow).
 */
export function watchEnd(body: Body, length: number, done: (bytes: number, truncated: boolean, cause?: unknown) => void, onChunk?: (chunk: Uint8Array) => void): Body {
  if (body instanceof OriginBody) {
    body.watchEnd((truncated, cause) => done(truncated ? 0 : length, truncated, cause));
    return body;
  }
  if (isNodeReadable(body)) {
    let settled = false;
    const finish = (truncated: boolean, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      done(truncated ? 0 : length, truncated, cause);
    };
    body.once('end', () => finish(false));
    body.once('error', (error) => finish(true, error));
    body.once('close', () => finish(!body.readableEnded));
    return body;
  }
  return tapBody(body, { ...(onChunk === undefined ? {} : { onChunk }), onEnd: (bytes) => done(bytes, false), onError: (error, bytes) => done(bytes, true, error) });
}

/**
 * Lets go of a body nobody will send (a response replaced by respondWith): drained, errors ignored,
 * since they belong to a response no client will see.
 */
export function discardBody(body: Body): void {
  if (isNodeReadable(body)) {
    body.on('error', () => undefined);
    body.resume();
  } else if (isWebStream(body)) {
    body.cancel().catch(() => undefined);
  }
}
