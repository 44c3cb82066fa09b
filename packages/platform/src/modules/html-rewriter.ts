/**
 * Built-in module `html-rewriter` (spec §13): `HtmlRewritingStream`, a `{ readable, writable }`
 * pair that rewrites UTF-8 HTML bytes as they stream, with `onElement(selector, handler)`.
 * The engine is `@weft/html`; this file only binds it to Node's WHATWG streams and the
 * platform's rules for handlers (synchronous, registration order, one rewriter per stream).
 */
import { ReadableStream, TransformStream, WritableStream } from 'node:stream/web';
import { HtmlRewriter, toBytes, type Element } from '@weft/html';

export type { Element } from '@weft/html';

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function flushPending(pending: Uint8Array[], controller: TransformStreamDefaultController<Uint8Array>): void {
  if (pending.length === 0) return;
  if (pending.length === 1) {
    controller.enqueue(pending[0] as Uint8Array);
  } else {
    let total = 0;
    for (const part of pending) total += part.byteLength;
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const part of pending) {
      joined.set(part, offset);
      offset += part.byteLength;
    }
    controller.enqueue(joined);
  }
  pending.length = 0;
}

export class HtmlRewritingStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array | ArrayBuffer>;
  readonly #rewriter: HtmlRewriter;

  constructor() {
    // The engine hands out several zero-copy slices per input chunk; each enqueue costs a reader
    // wake-up, which dominates on small network chunks, so one input chunk leaves as one output chunk.
    const pending: Uint8Array[] = [];
    const rewriter = new HtmlRewriter((bytes) => {
      if (bytes.byteLength > 0) pending.push(bytes);
    });
    const pair = new TransformStream<Uint8Array | ArrayBuffer, Uint8Array>({
      transform(chunk, controller) {
        rewriter.write(toBytes(chunk));
        flushPending(pending, controller);
      },
      flush(controller) {
        rewriter.end();
        flushPending(pending, controller);
      },
    });
    this.#rewriter = rewriter;
    this.readable = pair.readable;
    this.writable = pair.writable;
  }

  /**
   * Runs `handler` for every element matching `selector` when its start tag streams past.
   * Throws at registration for a selector the platform does not support (spec §13 "Selectors").
   */
  onElement(selector: string, handler: (el: Element) => void): void {
    if (typeof selector !== 'string') {
      throw new TypeError(`HtmlRewritingStream.onElement(selector, handler): selector must be a string, got ${selector === null ? 'null' : typeof selector}`);
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`HtmlRewritingStream.onElement(selector, handler): handler must be a function, got ${handler === null ? 'null' : typeof handler}`);
    }
    this.#rewriter.on(selector, (el) => {
      const result: unknown = handler(el);
      // spec §13 "Handlers": synchronous only; work after an await would be silently lost.
      if (isThenable(result)) {
        throw new TypeError(
          `HtmlRewritingStream.onElement(${JSON.stringify(selector)}): the handler returned a promise; handlers must be synchronous (spec §13). Fetch data before piping and use it inside a plain function.`,
        );
      }
    });
  }
}
