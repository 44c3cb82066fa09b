/**
 * The one V8 profile a thread records at a time. V8 can run several profilers at once, but one
 * started while another runs misses code compiled before it (on-stack-replaced loops), and puts
 * their time on the caller: two overlapping profiled requests each get a wrong profile. So profiled
 * requests whose handlers overlap share one run of the profiler, from the first one's start to the
 * last one's end, and each takes its own window of it (window.ts).
 *
 * Starting a run deoptimizes the thread's code (see openSession): the profiled request's first
 * moments run code V8 has not optimized again yet, as a cold start's would.
 *
 * A run stops by itself after MAX_RUN_MS, so a response that never ends cannot keep it (and the
 * traces waiting for it) going.
 */
import type { Session } from 'node:inspector/promises';
import type { CpuProfile } from './cpu-profile.ts';

export const SAMPLING_INTERVAL_US = 100;
export const MAX_RUN_MS = 30_000;

async function openSession(): Promise<Session> {
  // Loaded on the first profiled request: a server that never profiles never loads it.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    // A new profiler learns of the code compiled before it by listing it, and V8's list leaves out
    // the code it compiled for a loop in the middle of a call (on-stack replacement): a worker
    // function profiled on its second call had its time put on its caller. Turning precise
    // coverage on deoptimizes every function (and off again at once leaves V8 as it was), so what
    // runs from here is compiled while the profiler listens.
    await session.post('Profiler.startPreciseCoverage', { callCount: false, detailed: false });
    await session.post('Profiler.stopPreciseCoverage');
    await session.post('Profiler.start');
  } catch (error) {
    session.disconnect();
    throw error;
  }
  return session;
}

/** What a member gets when the run stops: the profile, and whether other requests shared it. */
export interface RunResult {
  profile: CpuProfile;
  shared: boolean;
  /** Set when the run stopped at MAX_RUN_MS rather than at its last member's end. */
  cutShort: boolean;
}

/** The run under way on this thread, if any. */
let current: ProfileRun | undefined;

export class ProfileRun {
  /** Resolves once V8 is sampling; rejects when the profiler could not start. */
  readonly started: Promise<void>;
  readonly #session: Promise<Session>;
  readonly #result: Promise<RunResult>;
  readonly #timer: NodeJS.Timeout;
  #settle: (stop: { cutShort: boolean }) => void = () => undefined;
  #members = 0;
  #joined = 0;
  #stopped = false;

  private constructor() {
    this.#session = openSession();
    this.started = this.#session.then(() => undefined);
    // Each member awaits `started` and hears the failure there.
    this.started.catch(() => undefined);
    const stop = new Promise<{ cutShort: boolean }>((resolve) => (this.#settle = resolve));
    this.#result = stop.then(async ({ cutShort }) => {
      const session = await this.#session;
      try {
        const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
        return { profile, shared: this.#joined > 1, cutShort };
      } finally {
        session.disconnect();
      }
    });
    // A session that never opened has nothing to stop; its members learn why from `started`.
    this.#result.catch(() => undefined);
    this.#timer = setTimeout(() => this.#stop(true), MAX_RUN_MS);
    this.#timer.unref();
  }

  /** Joins this thread's run, starting one if none is running. */
  static join(): ProfileRun {
    if (current === undefined || current.#stopped) current = new ProfileRun();
    current.#members++;
    current.#joined++;
    return current;
  }

  /** Leaves the run; the profile arrives once the last member has left (or the run was cut short). */
  leave(): Promise<RunResult> {
    this.#members--;
    if (this.#members === 0) this.#stop(false);
    return this.#result;
  }

  #stop(cutShort: boolean): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (current === this) current = undefined;
    this.#settle({ cutShort });
  }
}

