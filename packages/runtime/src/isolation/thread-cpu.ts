/**
 * The CPU time an edge thread really got, from Linux's per-thread scheduler statistics
 * (/proc/self/task/<tid>/schedstat, nanoseconds on the CPU). Node 20 has no per-thread CPU clock,
 * and on a busy machine a thread may get a fraction of a core, so wall time alone would fail
 * handlers the platform passes. Elsewhere (no /proc) the watchdog falls back to wall time.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's kernel id, when /proc tells it. */
export function currentThreadId(): number | undefined {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? id : undefined;
  } catch {
    // No /proc (not Linux, or hidden in a container): the watchdog falls back to wall time.
    return undefined;
  }
}

export class ThreadCpuClock {
  readonly #path: string;

  constructor(threadId: number) {
    this.#path = `/proc/self/task/${threadId}/schedstat`;
  }

  /** Milliseconds of CPU the thread has used so far, or undefined if it cannot be read. */
  readMs(): number | undefined {
    // Undefined once the thread has exited (its task entry is gone): wall time decides instead.
    return schedstatMs(this.#path, 0);
  }
}

/** Milliseconds of CPU the calling thread has used (its schedstat's first field), or undefined without /proc. */
export function threadCpuMs(): number | undefined {
  return schedstatMs(OWN_SCHEDSTAT, 0);
}

const OWN_SCHEDSTAT = '/proc/thread-self/schedstat';

/** Field `index` of a schedstat file (0: ns on a CPU, 1: ns waiting for one) in ms, or undefined when it cannot be read. */
function schedstatMs(path: string, index: 0 | 1): number | undefined {
  try {
    const ns = Number(readFileSync(path, 'latin1').split(' ', 2)[index]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    // No /proc, or the thread is gone: the caller falls back to another clock or the wall time.
    return undefined;
  }
}

/**
 * Milliseconds the calling thread has spent ready to run but waiting for a CPU (the second field
 * of its schedstat), or undefined without /proc. A busy machine makes a thread wait; the worker
 * did not cause that time, so wall-time limits leave it out.
 */
export function runQueueWaitMs(): number | undefined {
  return schedstatMs(OWN_SCHEDSTAT, 1);
}
