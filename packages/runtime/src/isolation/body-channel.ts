/**
 * A body crossing the thread boundary. What is available at once (a small response, a body
 * already in memory) travels inside the head message, so a typical request costs one message each
 * way. A longer body follows as chunks: the sender posts each as a fresh ArrayBuffer it transfers
 * (a copy: the source may be pooled or cached memory) while it holds credit, and the receiver, a
 * Node Readable, grants credit as its consumer reads, so a slow client slows the producer.
 */
import { OriginBody } from '../origin/origin-body.ts';
import { OriginError } from '../origin/origin-error.ts';
import { Readable } from 'node:stream';
import { INITIAL_CREDIT, type BodyDirection, type BodyMessage } from './protocol.ts';
import type { EdgeBody } from './types.ts';

export type Post = (message: BodyMessage, transfer?: ArrayBuffer[]) => void;

/** Bytes gathered into the head message before the rest streams. */
const INLINE_LIMIT = 64 * 1024;
const SOON = Symbol('not yet');
const encoder = new TextEncoder();

type Chunks = AsyncIterator<unknown>;

function copy(value: unknown): ArrayBuffer {
  if (typeof value === 'string') return encoder.encode(value).buffer as ArrayBuffer;
  if (!ArrayBuffer.isView(value)) throw new TypeError(`body chunks must be bytes (Uint8Array), got ${value === null ? 'null' : typeof value}`);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice().buffer;
}

function nextSoon(next: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown> | typeof SOON> {
  return Promise.race([next, new Promise<typeof SOON>((resolve) => setImmediate(resolve, SOON))]);
}

export interface PreparedBody {
  mode: 'none' | 'inline' | 'stream';
  chunks: ArrayBuffer[];
  /** For `stream`: starts sending the rest once the head is posted. */
  stream?: (id: number, dir: BodyDirection, post: Post) => BodySender;
}

/**
 * Gathers what is available now; the rest (if any) goes through a BodySender. `keepSource` leaves
 * the source alone when the other side cancels (the client socket must survive so the answer can
 * still be written); otherwise cancelling ends the source (an origin body nobody reads).
 */
export function prepareBody(body: EdgeBody, keepSource = false): PreparedBody | Promise<PreparedBody> {
  return bodyInHand(body) ?? gatherBody(body as AsyncIterable<unknown>, keepSource);
}

/**
 * A body that is all there already, without waiting: none, bytes, or an origin body that has
 * arrived whole (a small response, its last bytes read with its head), taken in one piece.
 */
function bodyInHand(body: EdgeBody): PreparedBody | undefined {
  if (body === null) return { mode: 'none', chunks: [] };
  if (typeof body === 'string' || body instanceof Uint8Array) return { mode: 'inline', chunks: [copy(body)] };
  if (body instanceof OriginBody) {
    const whole = body.takeWhole(INLINE_LIMIT);
    if (whole !== undefined) return { mode: 'inline', chunks: whole.length === 0 ? [] : [copy(whole.length === 1 ? whole[0] : Buffer.concat(whole))] };
  }
  return undefined;
}

async function gatherBody(body: AsyncIterable<unknown>, keepSource: boolean): Promise<PreparedBody> {
  const iterator = body[Symbol.asyncIterator]();
  const chunks: ArrayBuffer[] = [];
  let size = 0;
  let pending: Promise<IteratorResult<unknown>> | undefined;
  try {
    while (size < INLINE_LIMIT) {
      const next = iterator.next();
      const result = await nextSoon(next);
      if (result === SOON) { pending = next; break; }
      if (result.done === true) return { mode: 'inline', chunks };
      const buffer = copy(result.value);
      if (buffer.byteLength === 0) continue;
      chunks.push(buffer);
      size += buffer.byteLength;
    }
  } catch (error) {
    // A broken or slow origin before the head went out is its own status (502, 504).
    if (error instanceof OriginError) throw error;
    // Any other body (a worker's stream) failing before the head went out still sends its head and
    // what it gave, then the cut (§2.6: the status goes out with the response object).
    pending = Promise.reject(error as Error);
    pending.catch(() => undefined); // read by the sender's pump, which reports it as the abort
  }
  return { mode: 'stream', chunks, stream: (id, dir, post) => new BodySender(iterator, pending, id, dir, post, keepSource) };
}

export class BodySender {
  readonly #iterator: Chunks;
  readonly #post: Post;
  readonly #id: number;
  readonly #dir: BodyDirection;
  #pending: Promise<IteratorResult<unknown>> | undefined;
  readonly #keepSource: boolean;
  #credit = INITIAL_CREDIT;
  #pumping = false;
  #done = false;

  constructor(iterator: Chunks, pending: Promise<IteratorResult<unknown>> | undefined, id: number, dir: BodyDirection, post: Post, keepSource: boolean) {
    this.#iterator = iterator;
    this.#keepSource = keepSource;
    this.#pending = pending;
    this.#id = id;
    this.#dir = dir;
    this.#post = post;
    void this.#pump();
  }

  grant(n: number): void {
    this.#credit += n;
    void this.#pump();
  }

  cancel(reason: string): void {
    if (this.#done) return;
    this.#done = true;
    // The reader cancelled: a source that fails while closing has no reader left to tell.
    if (!this.#keepSource) void Promise.resolve(this.#iterator.return?.(reason)).catch(() => {});
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#done && this.#credit > 0) {
        const next = this.#pending ?? this.#iterator.next();
        this.#pending = undefined;
        const { done, value } = await next;
        if (this.#done) return;
        if (done === true) {
          this.#done = true;
          this.#post({ t: 'end', id: this.#id, dir: this.#dir });
          return;
        }
        const buffer = copy(value);
        if (buffer.byteLength === 0) continue;
        this.#credit -= 1;
        this.#post({ t: 'chunk', id: this.#id, dir: this.#dir, data: buffer }, [buffer]);
      }
    } catch (error) {
      if (!this.#done) {
        this.#done = true;
        this.#post({ t: 'abort', id: this.#id, dir: this.#dir, message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      this.#pumping = false;
    }
  }
}

/** One body from its inline chunks, without building a stream (the common, small case). */
export function inlineBody(chunks: ArrayBuffer[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return new Uint8Array(chunks[0]);
  return Buffer.concat(chunks.map((chunk) => new Uint8Array(chunk)));
}

export class BodyReceiver {
  readonly stream: Readable;
  #outstanding = INITIAL_CREDIT;
  #ended = false;

  /** `onCancel` runs when the consumer gives up on the body before its end. */
  constructor(id: number, dir: BodyDirection, post: Post, first: ArrayBuffer[], onCancel?: () => void) {
    this.stream = new Readable({
      highWaterMark: 64 * 1024,
      read: () => {
        // Ask for more only when the sender is close to running out, to keep messages few.
        if (this.#ended || this.#outstanding > INITIAL_CREDIT / 2) return;
        this.#outstanding += INITIAL_CREDIT;
        post({ t: 'credit', id, dir, n: INITIAL_CREDIT });
      },
      destroy: (error, callback) => {
        if (!this.#ended) {
          this.#ended = true;
          post({ t: 'cancel', id, dir });
          onCancel?.();
        }
        callback(error);
      },
    });
    for (const chunk of first) this.stream.push(new Uint8Array(chunk));
  }

  chunk(data: ArrayBuffer): void {
    this.#outstanding -= 1;
    if (!this.#ended) this.stream.push(new Uint8Array(data));
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.stream.push(null);
  }

  abort(error: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    // A response head and its body's abort can arrive in one batch, before the consumer has
    // attached its listeners: an 'error' nobody hears would take the whole process down (issue
    // 12). Fail the stream once someone listens for it.
    if (this.stream.listenerCount('error') > 0) {
      this.stream.destroy(error);
      return;
    }
    const onListener = (event: string | symbol): void => {
      if (event !== 'error') return;
      this.stream.off('newListener', onListener);
      queueMicrotask(() => this.stream.destroy(error));
    };
    this.stream.on('newListener', onListener);
  }
}
