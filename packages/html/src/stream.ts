/**
 * Web-stream face of the engine, for the platform's `html-rewriter` module and the compose
 * toolkit. At the edge there is no global TransformStream (it comes from the `streams` built-in),
 * so the constructor can be passed in; by default the global one is used.
 */
import { HtmlRewriter, type ElementHandler } from './rewriter/rewriter.ts';

export interface HandlerRegistration {
  selector: string;
  handler: ElementHandler;
}

type TransformStreamCtor = new <I, O>(transformer: Transformer<I, O>) => TransformStream<I, O>;

export interface RewriterStreamOptions {
  handlers?: HandlerRegistration[];
  TransformStream?: TransformStreamCtor;
}

export type ByteChunk = Uint8Array | ArrayBuffer | ArrayBufferView;

/** Bytes from any realm (a worker's own Uint8Array is not `instanceof` the host's). */
export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const tag = Object.prototype.toString.call(chunk);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(chunk as ArrayBuffer);
  throw new TypeError(
    `HtmlRewritingStream: chunks written to the writable side must be bytes (Uint8Array or ArrayBuffer), got ${typeof chunk === 'string' ? 'a string; pipe text through TextEncoderStream first (spec §13)' : tag.slice(8, -1)}`,
  );
}

/** A rewriter as a `{ readable, writable }` pair, usable with `pipeThrough`. */
export function rewriterStream(options: RewriterStreamOptions = {}): {
  rewriter: HtmlRewriter;
  stream: TransformStream<ByteChunk, Uint8Array>;
} {
  const Ctor = options.TransformStream ?? (globalThis as { TransformStream?: TransformStreamCtor }).TransformStream;
  if (Ctor === undefined) throw new TypeError('rewriterStream(options): no TransformStream available; pass options.TransformStream (from the streams module)');
  // The engine hands out several zero-copy slices per input chunk; each enqueue costs the reader a
  // wake-up, which dominates on small network chunks, so one input chunk leaves as one output chunk.
  const pending: Uint8Array[] = [];
  const rewriter = new HtmlRewriter((bytes) => {
    if (bytes.byteLength > 0) pending.push(bytes);
  });
  for (const h of options.handlers ?? []) rewriter.on(h.selector, h.handler);
  const stream = new Ctor<ByteChunk, Uint8Array>({
    transform(chunk, controller) {
      rewriter.write(toBytes(chunk));
      if (pending.length > 0) controller.enqueue(joinBytes(pending.splice(0)));
    },
    flush(controller) {
      rewriter.end();
      if (pending.length > 0) controller.enqueue(joinBytes(pending.splice(0)));
    },
  });
  return { rewriter, stream };
}

/** One array holding the parts in order; a single part is returned as is (no copy). */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}

/** Rewrites a whole document at once (tests, small bodies). */
export function rewriteBytes(input: Uint8Array | Uint8Array[], handlers: HandlerRegistration[] = []): Uint8Array {
  const out: Uint8Array[] = [];
  const rewriter = new HtmlRewriter((b) => out.push(b));
  for (const h of handlers) rewriter.on(h.selector, h.handler);
  for (const chunk of Array.isArray(input) ? input : [input]) rewriter.write(chunk);
  rewriter.end();
  return out.length === 0 ? new Uint8Array(0) : joinBytes(out);
}
