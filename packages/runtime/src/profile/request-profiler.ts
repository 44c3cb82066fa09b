/**
 * A CPU profile of one request's handlers (`x-weft-profile: 1`). When the request's first handler
 * starts, a session of this thread's own inspector starts V8's sampling profiler (every 100 µs);
 * when its response has completed, the profile is taken, read (hot-functions.ts) into the trace,
 * and kept as a `.cpuprofile` for DevTools. V8 samples the thread, not the request: whatever else
 * the thread ran meanwhile (other requests on the same edge thread, the server itself in-process)
 * is in the profile too, and the viewer says so.
 *
 * Nothing of it exists for a request without the header: no module is loaded, no session opened.
 * Each profiled request has its own session, so concurrent profiled requests each get their window.
 */
import type { Session } from 'node:inspector/promises';
import { isMainThread } from 'node:worker_threads';
import type { ProfileSummary } from '../trace/schema.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { CpuProfile } from './cpu-profile.ts';
import { readProfile, withSourcePositions } from './hot-functions.ts';

export const SAMPLING_INTERVAL_US = 100;
/** A larger `.cpuprofile` is read into the trace but not kept (a request profiled for minutes). */
export const MAX_PROFILE_BYTES = 8 * 1024 * 1024;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function openSession(): Promise<Session> {
  // Loaded on the first profiled request: a server that never profiles never loads it.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
  } catch (error) {
    session.disconnect();
    throw error;
  }
  return session;
}

/** What a finished profile leaves: the trace's summary, and the `.cpuprofile` text when kept. */
export interface FinishedProfile {
  summary: ProfileSummary;
  text: string | undefined;
}

export class RequestProfiler {
  readonly #trace: TraceRecorder;
  #session: Promise<Session> | undefined;
  #startMs = 0;
  #setupMs = 0;

  constructor(trace: TraceRecorder) {
    this.#trace = trace;
  }

  /** Starts profiling, once: the first handler's call waits for it; a failure is told at the end. */
  async start(): Promise<void> {
    if (this.#session === undefined) {
      this.#startMs = this.#trace.elapsed();
      this.#session = openSession();
      await this.#session.catch(() => undefined);
      this.#setupMs = this.#trace.elapsed() - this.#startMs;
    }
    await this.#session.catch(() => undefined);
  }

  /** Stops profiling (the response has completed) and reads the profile. Never throws. */
  async finish(): Promise<FinishedProfile> {
    const base = { thread: isMainThread ? 'main' : 'edge', intervalUs: SAMPLING_INTERVAL_US, startMs: this.#startMs, setupMs: this.#setupMs, durationMs: 0, samples: 0, idleMs: 0, hot: [] } satisfies ProfileSummary;
    if (this.#session === undefined) return { summary: { ...base, note: 'No handler ran for this request, so nothing was profiled.' }, text: undefined };
    let profile: CpuProfile;
    try {
      const session = await this.#session;
      try {
        ({ profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile });
      } finally {
        session.disconnect();
      }
    } catch (error) {
      return { summary: { ...base, note: `The CPU profiler could not be used: ${describe(error)}` }, text: undefined };
    }
    let summary: ProfileSummary;
    let text: string;
    try {
      const reading = readProfile(profile);
      summary = { ...base, durationMs: reading.sampledUs / 1000, samples: reading.samples, idleMs: reading.idleUs / 1000, hot: reading.hot };
      text = JSON.stringify(withSourcePositions(profile));
    } catch (error) {
      // Weft's own fault; the request is answered already, so the trace says it instead.
      return { summary: { ...base, note: `Weft could not read the CPU profile (a bug in Weft, please report it): ${describe(error)}` }, text: undefined };
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_PROFILE_BYTES) return { summary: { ...summary, note: `The .cpuprofile (${(bytes / 1048576).toFixed(1)} MB) is over the ${MAX_PROFILE_BYTES / 1048576} MB a trace keeps; profile a shorter request.` }, text: undefined };
    return { summary: { ...summary, bytes }, text };
  }
}
