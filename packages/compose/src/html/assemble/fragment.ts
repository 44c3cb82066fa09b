/**
 * A slot's part: its filling arrives later (a fragment's response, or markup rendered from data).
 * The body is read ahead as soon as the response arrives: up to `readAhead` bytes always, and
 * further while the page's shared `BufferBudget` has room, so a fragment that is ready before its
 * turn finishes its body instead of holding its origin connection; past that the reader follows
 * the page's own pace (backpressure), so memory stays bounded whatever the fragment's size.
 *
 * A fragment is atomic up to `readAhead` bytes: nothing of it is written until its body has ended
 * or the read-ahead is full, so a fragment that fails within that window is replaced by its
 * fallback as a whole. A larger fragment that fails later is cut where it failed and a comment
 * records why: the rest of the page still follows, so the document stays complete.
 */
import type { ByteStream } from '../bytes.ts';
import { encodeUtf8 } from '../bytes.ts';
import type { BufferBudget } from './buffer-budget.ts';
import type { Part } from './parts.ts';

/** What fills a part: markup, a body to stream, or its default content (the fallback, not as a failure). */
export type Filling = { kind: 'markup'; markup: string } | { kind: 'body'; body: ByteStream } | { kind: 'default' };

export type SlotOutcome =
  | { name: string; outcome: 'filled'; bytes: number }
  | { name: string; outcome: 'default' }
  | { name: string; outcome: 'fallback'; error: unknown }
  | { name: string; outcome: 'cut'; bytes: number; error: unknown }
  | { name: string; outcome: 'cancelled' };

export interface SlotPartOptions {
  name: string;
  /** Markup written when the filling fails before any of it was written (read when needed). */
  fallback: () => string;
  readAhead: number;
  /** Room shared by the page's parts beyond their read-ahead (none: read-ahead only). */
  budget?: BufferBudget;
  onOutcome?: (outcome: SlotOutcome) => void;
}

export class SlotPart implements Part {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private writtenBytes = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private markup: string | undefined;
  private reader: ReadableStreamDefaultReaderLike | undefined;
  private cancelled = false;
  private consumed = false;
  private isDefault = false;
  /** Wakes whoever waits: the consumer for data, the pump for room. */
  private wakeConsumer: (() => void) | undefined;
  private wakePump: (() => void) | undefined;
  /** Whoever waits in `whenDecided()` (the asset wrapper, the async tail). */
  private decidedWaiters: Array<() => void> = [];

  constructor(
    filling: Promise<Filling>,
    private readonly options: SlotPartOptions,
  ) {
    filling.then(
      (f) => {
        if (this.cancelled) {
          // Arrived after its slot was cancelled (outcome reported then): nobody reads this body.
          if (f.kind === 'body') void f.body.cancel('slot cancelled').catch(() => {});
          return;
        }
        if (f.kind === 'markup' || f.kind === 'default') {
          this.markup = f.kind === 'markup' ? f.markup : undefined;
          this.isDefault = f.kind === 'default';
          this.ended = true;
          this.notifyConsumer();
        } else {
          this.reader = f.body.getReader() as ReadableStreamDefaultReaderLike;
          void this.pump(this.reader);
        }
      },
      (error: unknown) => this.fail(error),
    );
  }

  private notifyConsumer(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
    if (this.decided && this.decidedWaiters.length > 0) {
      const waiters = this.decidedWaiters;
      this.decidedWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves once the part knows what it writes first (as `chunks()` would start): ended, failed or read-ahead full. */
  whenDecided(): Promise<void> {
    if (this.decided) return Promise.resolve();
    return new Promise<void>((resolve) => this.decidedWaiters.push(resolve));
  }

  private notifyPump(): void {
    const wake = this.wakePump;
    this.wakePump = undefined;
    wake?.();
  }

  private fail(error: unknown): void {
    if (this.failure === undefined && !this.ended) this.failure = { error };
    this.notifyConsumer();
  }

  private async pump(reader: ReadableStreamDefaultReaderLike): Promise<void> {
    try {
      for (;;) {
        while (this.queuedBytes >= this.options.readAhead && !this.cancelled) {
          const budget = this.options.budget;
          if (budget !== undefined && !budget.full) break;
          // Woken by the writer taking a chunk of this part, or by room in the page's budget.
          await new Promise<void>((resolve) => {
            this.wakePump = resolve;
            void budget?.wait().then(resolve);
          });
        }
        if (this.cancelled) return;
        const { done, value } = await reader.read();
        if (done) break;
        // Not `instanceof`: locally the chunks come from the host's realm, not the worker's.
        if (!ArrayBuffer.isView(value)) throw new TypeError(`fragment "${this.options.name}": a body chunk is not bytes (got ${typeof value})`);
        this.queue.push(value as Uint8Array);
        this.queuedBytes += value.byteLength;
        this.options.budget?.hold(value.byteLength);
        this.notifyConsumer();
      }
      this.ended = true;
      this.notifyConsumer();
    } catch (error) {
      this.fail(error);
    }
  }

  /** True once the first bytes may be written: the body ended, failed, or filled the read-ahead. */
  private get decided(): boolean {
    return this.ended || this.failure !== undefined || this.queuedBytes >= this.options.readAhead;
  }

  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    const { name, fallback, onOutcome } = this.options;
    this.consumed = true;
    while (!this.decided) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    if (this.failure !== undefined && this.writtenBytes === 0) {
      this.discard();
      onOutcome?.({ name, outcome: 'fallback', error: this.failure.error });
      const markup = fallback();
      if (markup !== '') yield encodeUtf8(markup);
      return;
    }
    if (this.isDefault) {
      onOutcome?.({ name, outcome: 'default' });
      const markup = fallback();
      if (markup !== '') yield encodeUtf8(markup);
      return;
    }
    if (this.markup !== undefined) {
      onOutcome?.({ name, outcome: 'filled', bytes: this.markup.length });
      if (this.markup !== '') yield encodeUtf8(this.markup);
      return;
    }
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk !== undefined) {
        this.queuedBytes -= chunk.byteLength;
        this.writtenBytes += chunk.byteLength;
        this.options.budget?.release(chunk.byteLength);
        this.notifyPump();
        yield chunk;
        continue;
      }
      if (this.failure !== undefined) {
        onOutcome?.({ name, outcome: 'cut', bytes: this.writtenBytes, error: this.failure.error });
        yield encodeUtf8(`<!-- weft: fragment ${JSON.stringify(name).replace(/--/g, '- -')} failed after ${this.writtenBytes} bytes -->`);
        return;
      }
      if (this.ended) {
        onOutcome?.({ name, outcome: 'filled', bytes: this.writtenBytes });
        return;
      }
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  cancel(reason: unknown): void {
    if (this.cancelled || (this.consumed && this.ended)) return;
    this.cancelled = true;
    if (!this.consumed) this.options.onOutcome?.({ name: this.options.name, outcome: 'cancelled' });
    // fail() below reports the cancellation; a body that fails to cancel adds nothing to it.
    void this.reader?.cancel(reason).catch(() => {});
    this.fail(reason);
    this.discard();
    this.notifyPump();
  }

  /** Drops what was read and not written, giving its room back to the page. */
  private discard(): void {
    this.options.budget?.release(this.queuedBytes);
    this.queue.length = 0;
    this.queuedBytes = 0;
  }
}

/** The reader methods used here (the platform's and Node's readers both have them). */
interface ReadableStreamDefaultReaderLike {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
}
