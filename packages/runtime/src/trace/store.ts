/**
 * A bounded in-memory store of finished (and streaming) traces; the oldest go first. A profiled
 * request's `.cpuprofile` text is kept beside its trace, for the newest PROFILES_KEPT of them.
 */
import type { Trace } from './schema.ts';

/** Profiles are up to 8 MB each (profile/request-profiler.ts): a handful is plenty to compare. */
export const PROFILES_KEPT = 20;

export class TraceStore {
  readonly #traces = new Map<string, Trace>();
  readonly #profiles = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** `profile`: the request's `.cpuprofile` text, when it was profiled. */
  put(trace: Trace, profile?: string): void {
    this.#traces.delete(trace.id);
    this.#traces.set(trace.id, trace);
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

  get(id: string): Trace | undefined {
    return this.#traces.get(id);
  }

  /** The `.cpuprofile` text of a profiled request, while it is kept. */
  profile(id: string): string | undefined {
    return this.#profiles.get(id);
  }

  /** Most recent first. */
  recent(limit = 50): Trace[] {
    return [...this.#traces.values()].reverse().slice(0, limit);
  }

  get size(): number {
    return this.#traces.size;
  }
}
