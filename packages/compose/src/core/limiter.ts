/**
 * A concurrency limiter built on promise chains alone. `p-limit` needs `queueMicrotask`, which is
 * not an ECMAScript global and so does not exist at the edge (docs/design.md principle 2). A task
 * under the limit starts synchronously, so an unqueued source pays no extra tick.
 */
import { DefinitionError, describe } from './errors.ts';

export interface Limiter {
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
  /** Runs `task` in a slot; the slot is released when its promise settles. */
  run<T>(task: () => Promise<T> | T): Promise<T>;
  /**
   * Takes a slot: undefined when one was free (taken synchronously, no promise made), else a promise
   * that resolves once a slot was handed over. Every acquire must be paired with one `release()`.
   */
  acquire(): Promise<void> | undefined;
  release(): void;
}

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new DefinitionError(`concurrency: expected an integer of at least 1, got ${describe(limit)}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  // A released slot goes straight to the next waiter, so `active` only drops when nobody waits.
  const release = (): void => {
    const next = queue.shift();
    if (next !== undefined) next();
    else active--;
  };
  const acquire = (): Promise<void> | undefined => {
    if (active < limit) {
      active++;
      return undefined;
    }
    return new Promise<void>((resolve) => queue.push(resolve));
  };
  const start = <T>(task: () => Promise<T> | T): Promise<T> => {
    let result: Promise<T>;
    try {
      result = Promise.resolve(task());
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(release, release);
    return result;
  };

  return {
    limit,
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    acquire,
    release,
    run<T>(task: () => Promise<T> | T): Promise<T> {
      const wait = acquire();
      return wait === undefined ? start(task) : wait.then(() => start(task));
    },
  };
}
