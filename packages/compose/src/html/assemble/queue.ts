/** The parts of a streamed template: the scanner pushes, the page writes; bounded by the caller. */
import type { PartList } from './build.ts';
import type { Part } from './parts.ts';

export class PartQueue implements PartList, AsyncIterable<Part> {
  private readonly items: Part[] = [];
  private done = false;
  private error: { reason: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  get size(): number {
    return this.items.length;
  }

  push(part: Part): void {
    this.items.push(part);
    this.wake();
  }

  close(): void {
    this.done = true;
    this.wake();
  }

  fail(reason: unknown): void {
    this.error = { reason };
    this.wake();
  }

  /** Resolves once the reader has taken parts so that at most `max` wait. */
  async room(max: number): Promise<void> {
    while (this.items.length > max && this.error === undefined) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
  }

  /** Parts never taken (the page was cancelled). */
  drain(): Part[] {
    return this.items.splice(0);
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Part, void, undefined> {
    for (;;) {
      const part = this.items.shift();
      if (part !== undefined) {
        const wake = this.wakeWriter;
        this.wakeWriter = undefined;
        wake?.();
        yield part;
        continue;
      }
      if (this.error !== undefined) throw this.error.reason;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }
}
