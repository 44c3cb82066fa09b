/**
 * A value, or the promise of one where the work had to wait: how the request path stays
 * synchronous where it can. Every promise on an edge thread is charged by AsyncLocalStorage's
 * hooks, and every await costs a turn of the microtask queue, so a pass-through request (handlers
 * that finish within their call, a small origin body) makes only the promises its waits need.
 */
export type Eventually<T> = T | Promise<T>;

/** `then` that stays synchronous for a value that is there. */
export function andThen<T, R>(value: Eventually<T>, next: (value: T) => R): Eventually<R> {
  return value instanceof Promise ? value.then((settled) => next(settled)) : next(value);
}

/** The promise of `run`'s value, for a caller that needs one: a throw becomes a rejection with what was thrown. */
export function promised<T>(run: () => Eventually<T>): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
