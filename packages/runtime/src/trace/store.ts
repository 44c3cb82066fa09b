/** A bounded in-memory store of finished (and streaming) traces; the oldest go first. */
import type { Trace } from './schema.ts';

export class TraceStore {
  readonly #traces = new Map<string, Trace>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  put(trace: Trace): void {
    this.#traces.delete(trace.id);
    this.#traces.set(trace.id, trace);
    while (this.#traces.size > this.#capacity) {
      const oldest = this.#traces.keys().next();
      if (oldest.done === true) break;
      this.#traces.delete(oldest.value);
    }
  }

  get(id: string): Trace | undefined {
    return this.#traces.get(id);
  }

  /** Most recent first. */
  recent(limit = 50): Trace[] {
    return [...this.#traces.values()].reverse().slice(0, limit);
  }

  get size(): number {
    return this.#traces.size;
  }
}
