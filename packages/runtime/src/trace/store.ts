/**
 * A bounded in-memory store of finished traces; the oldest go first. A profiled request's
 * `.cpuprofile` text is kept beside its trace, for the newest PROFILES_KEPT of them.
 *
 * The newest traces are kept as the objects the pipeline built: most are never read, and an object
 * that dies young costs the collector nothing. Older ones are kept as their JSON text: kept as
 * objects, the few hundred traces of a busy server are hundreds of thousands of small objects that
 * the old generation marks over and over, and a string is one object the collector never looks
 * into. Writing that text is the cost, so it is budgeted: up to `keepPerSecond` traces a second
 * (with a burst that fills the text store) move on to the text store, and under heavier load the rest
 * are dropped when they leave the newest ones. A trace that recorded a failure, a warning or a
 * CPU profile is always kept. Measured under wrk (`pnpm bench proxy`), writing every trace's text
 * cost the edge thread about a sixth of its CPU per request, the collector's helpers included.
 */
import { settleHeaderChanges } from './header-changes.ts';
import type { Trace } from './schema.ts';

/** Profiles are up to 8 MB each (profile/request-profiler.ts): a handful is plenty to compare. */
export const PROFILES_KEPT = 20;
/** How many of the newest traces are kept as objects. */
export const NEWEST_KEPT_AS_OBJECTS = 32;
/** The default budget of traces a second that move on to the text store. */
export const KEPT_PER_SECOND = 200;

export interface TraceStoreOptions {
  /** Traces a second kept beyond the newest (default KEPT_PER_SECOND). */
  keepPerSecond?: number;
  /** Clock in ms, for the budget (default performance.now). */
  now?: () => number;
}

/** Whether a trace records something a reader comes looking for: a failure, a warning, a profile. */
function worthKeeping(trace: Trace): boolean {
  if (trace.warnings.length > 0 || trace.profile !== undefined || (trace.response?.status ?? 0) >= 500 || trace.response?.truncated === true) return true;
  for (const stage of trace.stages) if (stage.error !== undefined) return true;
  for (const sub of trace.subrequests) if (sub.error !== undefined) return true;
  return false;
}

/** A reader's own copy, as it would read the trace's JSON. */
function copyOf(trace: Trace): Trace {
  return JSON.parse(JSON.stringify(settleHeaderChanges(trace))) as Trace;
}

export class TraceStore {
  /** The newest traces, oldest first. */
  readonly #newest: Trace[] = [];
  /** Older traces as JSON text, oldest first (Map order). */
  readonly #texts = new Map<string, string>();
  readonly #profiles = new Map<string, string>();
  readonly #capacity: number;
  readonly #newestCapacity: number;
  readonly #keepPerSecond: number;
  readonly #now: () => number;
  /** The most traces kept as text at once without waiting for the budget: the text store's room. */
  readonly #burst: number;
  #tokens: number;
  #refilledAt: number;
  #dropped = 0;

  constructor(capacity: number, options: TraceStoreOptions = {}) {
    this.#capacity = Math.max(1, capacity);
    this.#newestCapacity = Math.min(this.#capacity, NEWEST_KEPT_AS_OBJECTS);
    this.#keepPerSecond = options.keepPerSecond ?? KEPT_PER_SECOND;
    this.#now = options.now ?? (() => performance.now());
    this.#burst = this.#capacity - this.#newestCapacity;
    this.#tokens = this.#burst;
    this.#refilledAt = this.#now();
  }

  /** `profile`: the request's `.cpuprofile` text, when it was profiled. */
  put(trace: Trace, profile?: string): void {
    this.#forget(trace.id);
    this.#newest.push(trace);
    if (profile !== undefined) this.#keepProfile(trace.id, profile);
    if (this.#newest.length > this.#newestCapacity) this.#retire(this.#newest.shift() as Trace);
    while (this.#newest.length + this.#texts.size > this.#capacity) {
      const oldest = this.#texts.keys().next();
      if (oldest.done === true) break;
      this.#drop(oldest.value);
    }
  }

  /** A trace leaves the newest: kept as text while the budget allows, or when it is worth keeping. */
  #retire(trace: Trace): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#keepPerSecond);
    this.#refilledAt = now;
    if (this.#tokens >= 1 || worthKeeping(trace)) {
      this.#tokens = Math.max(0, this.#tokens - 1);
      this.#texts.set(trace.id, JSON.stringify(settleHeaderChanges(trace)));
      return;
    }
    this.#dropped += 1;
    this.#profiles.delete(trace.id);
  }

  #forget(id: string): void {
    const index = this.#newest.findIndex((trace) => trace.id === id);
    if (index !== -1) this.#newest.splice(index, 1);
    this.#texts.delete(id);
  }

  #drop(id: string): void {
    this.#texts.delete(id);
    this.#profiles.delete(id);
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
    const newest = this.#newest.find((trace) => trace.id === id);
    if (newest !== undefined) return copyOf(newest);
    const text = this.#texts.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as Trace);
  }

  /** The `.cpuprofile` text of a profiled request, while it is kept. */
  profile(id: string): string | undefined {
    return this.#profiles.get(id);
  }

  /** Most recent first, fresh copies. */
  recent(limit = 50): Trace[] {
    const copies: Trace[] = [];
    for (let i = this.#newest.length - 1; i >= 0 && copies.length < limit; i--) copies.push(copyOf(this.#newest[i] as Trace));
    const texts = [...this.#texts.values()];
    for (let i = texts.length - 1; i >= 0 && copies.length < limit; i--) copies.push(JSON.parse(texts[i] as string) as Trace);
    return copies;
  }

  get size(): number {
    return this.#newest.length + this.#texts.size;
  }

  /** Traces dropped under load since the store started (they left the newest beyond the budget). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Why an id is not found, for the 404 of the trace route. */
  describeMissing(): string {
    const kept = `only the last ${this.size} are kept`;
    if (this.#dropped === 0) return kept;
    return `${kept}; under load, beyond the newest ${this.#newestCapacity} only ${this.#keepPerSecond} a second and those with a failure, a warning or a profile are, and ${this.#dropped} were not`;
  }
}
