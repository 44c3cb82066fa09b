/**
 * Host-side work over several apps or bundles at once (`weft build`, `weft validate`), bounded by
 * p-limit so a workspace of many apps does not start every esbuild, gzip and tar at the same time.
 * Host code only: worker bundles never import this.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/** How many items run at once by default: one per CPU, at most 8 (each build holds its bundle in memory). */
export const HOST_CONCURRENCY = Math.max(1, Math.min(availableParallelism(), 8));

/**
 * Starts `work` for every item, at most `concurrency` at a time, and returns one promise per item in
 * input order, so a caller can report each result in order as soon as it and those before it are done.
 */
export function startBounded<T, R>(items: readonly T[], work: (item: T) => Promise<R>, concurrency = HOST_CONCURRENCY): Array<Promise<R>> {
  const limit = pLimit(concurrency);
  return items.map((item) => limit(work, item));
}
