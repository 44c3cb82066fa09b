/**
 * A body crossing the thread boundary. The sending side reads a web stream and posts each chunk
 * as a fresh ArrayBuffer it transfers (a copy: the source may be pooled or cached memory), as
 * long as it holds credit; the receiving side is a web ReadableStream that grants credit as its
 * consumer reads, so a slow client slows the producer instead of filling memory.
 */
import { INITIAL_CREDIT, type BodyDirection, type BodyMessage } from './protocol.ts';

export type Post = (message: BodyMessage, transfer?: ArrayBuffer[]) => void;

export class BodySender {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #post: Post;
  readonly #id: number;
  readonly #dir: BodyDirection;
  #credit: number;
  #pumping = false;
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>, id: number, dir: BodyDirection, post: Post, credit: number) {
    this.#reader = stream.getReader();
    this.#id = id;
    this.#dir = dir;
    this.#post = post;
    this.#credit = credit;
    void this.#pump();
  }

  grant(n: number): void {
    this.#credit += n;
    void this.#pump();
  }

  cancel(reason: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#reader.cancel(reason).catch(() => {});
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#done && this.#credit > 0) {
        const { done, value } = await this.#reader.read();
        if (this.#done) return;
        if (done) {
          this.#done = true;
          this.#post({ t: 'end', id: this.#id, dir: this.#dir });
          return;
        }
        if (!(value instanceof Uint8Array) && !ArrayBuffer.isView(value)) throw new TypeError(`body chunks must be Uint8Array, got ${typeof value}`);
        if (value.byteLength === 0) continue;
        const copy = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
        this.#credit -= 1;
        this.#post({ t: 'chunk', id: this.#id, dir: this.#dir, data: copy.buffer }, [copy.buffer]);
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

export class BodyReceiver {
  readonly stream: ReadableStream<Uint8Array>;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #closed = false;

  constructor(id: number, dir: BodyDirection, post: Post) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => {
        // Asked only when the queue is empty and the consumer waits: grant a batch so chunks pipeline.
        if (!this.#closed) post({ t: 'credit', id, dir, n: INITIAL_CREDIT });
      },
      cancel: () => {
        if (this.#closed) return;
        this.#closed = true;
        post({ t: 'cancel', id, dir });
      },
    }, { highWaterMark: 0 });
  }

  get closed(): boolean {
    return this.#closed;
  }

  chunk(data: ArrayBuffer): void {
    if (!this.#closed) this.#controller?.enqueue(new Uint8Array(data));
  }

  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#controller?.close();
  }

  abort(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#controller?.error(error);
  }
}
