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
  let controller: TransformStreamDefaultController<Uint8Array> | undefined;
  const rewriter = new HtmlRewriter((bytes) => controller?.enqueue(bytes));
  for (const h of options.handlers ?? []) rewriter.on(h.selector, h.handler);
  const stream = new Ctor<ByteChunk, Uint8Array>({
    start(c) {
      controller = c;
    },
    transform(chunk) {
      rewriter.write(toBytes(chunk));
    },
    flush() {
      rewriter.end();
    },
  });
  return { rewriter, stream };
}

/** Rewrites a whole document at once (tests, small bodies). */
export function rewriteBytes(input: Uint8Array | Uint8Array[], handlers: HandlerRegistration[] = []): Uint8Array {
  const out: Uint8Array[] = [];
  const rewriter = new HtmlRewriter((b) => out.push(b));
  for (const h of handlers) rewriter.on(h.selector, h.handler);
  for (const chunk of Array.isArray(input) ? input : [input]) rewriter.write(chunk);
  rewriter.end();
  let n = 0;
  for (const b of out) n += b.length;
  const result = new Uint8Array(n);
  let at = 0;
  for (const b of out) {
    result.set(b, at);
    at += b.length;
  }
  return result;
}
