/**
 * A CPU profile of one request's handlers (`x-weft-profile: 1`). When the request's first handler
 * is about to run, this thread's profiler starts (or the run already under way for another
 * profiled request is joined, thread-profile.ts); when its response has completed, the request
 * takes the samples of its own window, reads them (hot-functions.ts) into the trace, and keeps them
 * as a `.cpuprofile` for DevTools. V8 samples the thread, not the request: whatever else the thread
 * ran meanwhile (other requests on the same edge thread, the server itself in-process) is in the
 * profile too, and the viewer says so.
 *
 * Nothing of it exists for a request without the header: `node:inspector` is not loaded, and no
 * session is opened.
 */
import { isMainThread } from 'node:worker_threads';
import type { ProfileSummary } from '../trace/schema.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { CpuProfile } from './cpu-profile.ts';
import { readProfile, withSourcePositions } from './hot-functions.ts';
import { MAX_RUN_MS, ProfileRun, SAMPLING_INTERVAL_US, type RunResult } from './thread-profile.ts';
import { profileClockUs, profileWindow } from './window.ts';

export { SAMPLING_INTERVAL_US };
/** A larger `.cpuprofile` is read into the trace but not kept. */
export const MAX_PROFILE_BYTES = 8 * 1024 * 1024;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a finished profile leaves: the trace's summary, and the `.cpuprofile` text when kept. */
export interface FinishedProfile {
  summary: ProfileSummary;
  text: string | undefined;
}

function notes(run: RunResult): string | undefined {
  const said = [
    run.shared ? 'Other profiled requests ran on this thread at the same time: they shared one run of the profiler, and this profile is its window of it (without per-line counts).' : undefined,
    run.cutShort ? `The profiler stops after ${MAX_RUN_MS / 1000} s: later samples are missing.` : undefined,
  ].filter((note) => note !== undefined);
  return said.length === 0 ? undefined : said.join(' ');
}

export class RequestProfiler {
  readonly #trace: TraceRecorder;
  #run: ProfileRun | undefined;
  #fromUs = 0;
  #startMs = 0;
  #setupMs = 0;

  constructor(trace: TraceRecorder) {
    this.#trace = trace;
  }

  /** Starts profiling, once: the first handler's call waits for it; a failure is told at the end. */
  async start(): Promise<void> {
    if (this.#run !== undefined) return;
    this.#startMs = this.#trace.elapsed();
    this.#fromUs = profileClockUs();
    this.#run = ProfileRun.join();
    await this.#run.started.catch(() => undefined);
    this.#setupMs = this.#trace.elapsed() - this.#startMs;
  }

  /** Stops profiling (the response has completed) and reads the profile. Never throws. */
  async finish(): Promise<FinishedProfile> {
    const base = { thread: isMainThread ? 'main' : 'edge', intervalUs: SAMPLING_INTERVAL_US, startMs: this.#startMs, setupMs: this.#setupMs, durationMs: 0, samples: 0, idleMs: 0, hot: [] } satisfies ProfileSummary;
    if (this.#run === undefined) return { summary: { ...base, note: 'No handler ran for this request, so nothing was profiled.' }, text: undefined };
    const toUs = profileClockUs();
    let run: RunResult;
    try {
      run = await this.#run.leave();
    } catch (error) {
      return { summary: { ...base, note: `The CPU profiler could not be used: ${describe(error)}` }, text: undefined };
    }
    let summary: ProfileSummary;
    let text: string;
    try {
      const profile: CpuProfile = run.shared ? profileWindow(run.profile, this.#fromUs, toUs) : run.profile;
      const reading = readProfile(profile);
      const note = notes(run);
      summary = { ...base, durationMs: reading.sampledUs / 1000, samples: reading.samples, idleMs: reading.idleUs / 1000, hot: reading.hot, ...(note === undefined ? {} : { note }) };
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
