/**
 * What the local service simulates, off by default: failures (a request that times out or gets a
 * 5xx, per `failures` rules) and eventual consistency (reads keep returning the value from before a
 * write for `writeDelayMs`; production gives no read-your-writes guarantee either).
 */
import type { EdgeKvItemRef } from '@weft/runtime';
import type { EdgeKvFailureRule } from '../config.ts';
import type { EdgeKvKey, EdgeKvStore } from '../store/store.ts';

export class FailureSimulator {
  readonly #rules: readonly EdgeKvFailureRule[];
  readonly #random: () => number;
  readonly #used = new Map<number, number>();

  constructor(rules: readonly EdgeKvFailureRule[], random: () => number) {
    this.#rules = rules;
    this.#random = random;
  }

  /** The rule that makes this request fail, if any; a rule with `times` stops after that many. */
  pick(method: string, ref: EdgeKvItemRef): EdgeKvFailureRule | undefined {
    for (const [index, rule] of this.#rules.entries()) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if ((rule.namespace !== undefined && rule.namespace !== ref.namespace) || (rule.group !== undefined && rule.group !== ref.group) || (rule.item !== undefined && rule.item !== ref.item)) continue;
      const used = this.#used.get(index) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      if (rule.rate < 1 && this.#random() >= rule.rate) continue;
      this.#used.set(index, used + 1);
      return rule;
    }
    return undefined;
  }
}

interface Pending {
  previous: Uint8Array<ArrayBuffer> | undefined;
  visibleAt: number;
}

const keyOf = (key: EdgeKvKey): string => `${key.sandboxId ?? ''}/${key.namespace}/${key.group}/${key.item}`;

/** Reads through the store, hiding writes younger than the delay. */
export class EventualConsistency {
  readonly #delayMs: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();

  constructor(delayMs: number, now: () => number) {
    this.#delayMs = delayMs;
    this.#now = now;
  }

  async read(store: EdgeKvStore, key: EdgeKvKey): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const id = keyOf(key);
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      if (this.#now() < pending.visibleAt) return pending.previous;
      this.#pending.delete(id);
    }
    return store.get(key);
  }

  /** Call before changing an item: remembers what reads should keep seeing for a while. */
  async beforeChange(store: EdgeKvStore, key: EdgeKvKey): Promise<void> {
    if (this.#delayMs === 0) return;
    const previous = await this.read(store, key);
    // A second write inside the window keeps the value from before the first one visible.
    this.#pending.set(keyOf(key), { previous, visibleAt: this.#now() + this.#delayMs });
  }
}
