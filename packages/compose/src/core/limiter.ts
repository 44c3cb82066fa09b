/**
 * A concurrency limiter built on promise chains alone. `p-limit` needs `queueMicrotask`, which is
 * not an ECMAScript global and so does not exist at the edge (DESIGN principle 2). A task under
 * the limit starts synchronously, so an unqueued source pays no extra tick.
 */
import { DefinitionError, describe } from './errors.ts';

export interface Limiter {
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
  run<T>(task: () => Promise<T> | T): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new DefinitionError(`concurrency: expected an integer of at least 1, got ${describe(limit)}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next !== undefined) next();
  };

  return {
    limit,
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    run<T>(task: () => Promise<T> | T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          active++;
          let result: Promise<T>;
          try {
            result = Promise.resolve(task());
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(
            (value) => {
              release();
              resolve(value);
            },
            (error: unknown) => {
              release();
              reject(error);
            },
          );
        };
        if (active < limit) start();
        else queue.push(start);
      });
    },
  };
}
