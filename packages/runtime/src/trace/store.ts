/**
 * A bounded in-memory store of finished traces; the oldest go first. A profiled request's
 * `.cpuprofile` text is kept beside its trace, for the newest PROFILES_KEPT of them.
 *
 * Each trace is kept as its JSON text and parsed again when read. Kept as objects, the few hundred
 * traces of a busy server are hundreds of thousands of small objects that every trace first copies
 * through the young generation and the old generation then marks: measured under wrk, that cost the
 * edge thread about a quarter of its CPU. A string is one object the collector never looks into,
 * and traces are read far less often than they are written.
 */
import type { Trace } from './schema.ts';

/** Profiles are up to 8 MB each (profile/request-profiler.ts): a handful is plenty to compare. */
export const PROFILES_KEPT = 20;

export class TraceStore {
  readonly #traces = new Map<string, string>();
  readonly #profiles = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** `profile`: the request's `.cpuprofile` text, when it was profiled. */
  put(trace: Trace, profile?: string): void {
    this.#traces.delete(trace.id);
    this.#traces.set(trace.id, JSON.stringify(trace));
    if (profile !== undefined) this.#keepProfile(trace.id, profile);
    while (this.#traces.size > this.#capacity) {
      const oldest = this.#traces.keys().next();
      if (oldest.done === true) break;
      this.#traces.delete(oldest.value);
      this.#profiles.delete(oldest.value);
    }
  }

  #keepProfile(id: string, profile: string): void {
    this.#profiles.delete(id);
    this.#profiles.set(id, profile);
    while (this.#profiles.size > PROFILES_KEPT) {
      const oldest = this.#profiles.keys().next();
      if (oldest.done === true) break;
      this.#profiles.delete(oldest.value);
    }
  }

  /** A fresh copy of the trace, or undefined when it is not (or no longer) kept. */
  get(id: string): Trace | undefined {
    const text = this.#traces.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as Trace);
  }

  /** The `.cpuprofile` text of a profiled request, while it is kept. */
  profile(id: string): string | undefined {
    return this.#profiles.get(id);
  }

  /** Most recent first, fresh copies. */
  recent(limit = 50): Trace[] {
    return [...this.#traces.values()].reverse().slice(0, limit).map((text) => JSON.parse(text) as Trace);
  }

  get size(): number {
    return this.#traces.size;
  }
}
