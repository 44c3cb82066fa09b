/**
 * One time budget for a whole composition. Each sub-request gets `timeout = min(own timeout,
 * budget - elapsed)`, passed as `httpRequest`'s `timeout` option so the platform enforces it.
 *
 * Inside a handler `Date.now()` does not advance (spec §1.3, decisions 17) and there are no timers,
 * so "elapsed" cannot always be measured. The budget therefore keeps a sound upper bound too: every
 * task is started right after some other task settled (or at time 0), and a task settles no later
 * than its start bound plus its timeout. So "now" is at most the finish bound of the task that
 * settled last. When the clock does advance (tests, Node, a clock the author passes) the measured
 * time is used instead, since it is exact.
 */
import { DefinitionError, describe } from './errors.ts';

export type Clock = () => number;

export interface Slot {
  /** Timeout to pass to the sub-request, ms (integer >= 1), or undefined for "no limit of ours". */
  timeout: number | undefined;
  /** Upper bound of the elapsed time when this task settles; report it with `settled`. */
  finishBound: number;
}

export interface TimeBudget {
  readonly totalMs: number | undefined;
  /** Best estimate of the time spent so far: measured if the clock advances, else the sound bound. */
  elapsed(): number;
  /** Ms left, or Infinity without a budget. */
  remaining(): number;
  /** A slot for a task about to start now, with its own timeout (if any); undefined when no time is left. */
  slot(ownTimeout: number | undefined): Slot | undefined;
  /** Records that a task holding `slot` has settled. */
  settled(slot: Slot): void;
}

export function createBudget(totalMs: number | undefined, clock: Clock = () => Date.now()): TimeBudget {
  if (totalMs !== undefined && !(Number.isFinite(totalMs) && totalMs > 0)) {
    throw new DefinitionError(`deadline: expected a positive number of milliseconds, got ${describe(totalMs)}`);
  }
  const startedAt = clock();
  let advanced = false;
  let nowBound = 0;

  const elapsed = (): number => {
    const measured = clock() - startedAt;
    if (measured > 0) advanced = true;
    return advanced ? measured : nowBound;
  };
  const remaining = (): number => (totalMs === undefined ? Infinity : totalMs - elapsed());

  return {
    totalMs,
    elapsed,
    remaining,
    slot(ownTimeout) {
      const start = elapsed();
      const left = totalMs === undefined ? Infinity : totalMs - start;
      if (left < 1) return undefined;
      const limit = Math.min(ownTimeout ?? Infinity, left);
      const timeout = limit === Infinity ? undefined : Math.max(1, Math.floor(limit));
      return { timeout, finishBound: start + (timeout ?? Infinity) };
    },
    settled(slot) {
      nowBound = slot.finishBound;
    },
  };
}
