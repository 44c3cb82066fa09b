/**
 * Built-in module `html-rewriter` (spec §13): `HtmlRewritingStream`, a `{ readable, writable }`
 * pair that rewrites UTF-8 HTML bytes as they stream, with `onElement(selector, handler)`.
 * The engine is `@weft/html`; this file only binds it to the realm's WHATWG streams and the
 * platform's rules for handlers (synchronous, registration order, one rewriter per stream).
 */
import { TransformStream, type ReadableStream, type WritableStream } from '../realm/streams.ts';
import { rewriterStream, type Element, type HtmlRewriter, type RewriterStreamOptions } from '@weft/html';

export type { Element } from '@weft/html';

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export class HtmlRewritingStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array | ArrayBuffer>;
  readonly #rewriter: HtmlRewriter;

  constructor() {
    const { rewriter, stream } = rewriterStream({ TransformStream: TransformStream as unknown as RewriterStreamOptions['TransformStream'] });
    this.#rewriter = rewriter;
    this.readable = stream.readable as ReadableStream<Uint8Array>;
    this.writable = stream.writable as WritableStream<Uint8Array | ArrayBuffer>;
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
