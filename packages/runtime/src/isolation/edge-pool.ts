/**
 * The Edge with threads: a pool of edge threads, each a sandbox instance running the whole
 * pipeline. The main thread only moves request and response heads and bodies, and watches each
 * thread's heartbeat. Stuck synchronous code past its CPU limit (§21.1) or a thread that ran out of
 * heap is recycled: the culprit request gets the platform's failure (CpuTimeoutError or
 * ResourceLimit, HTTP 500, §2.6), a replacement starts, and the other threads keep serving
 * throughout. At the edge the culprit alone fails, so when the culprit is known, a request that
 * shared the instance and can run again unnoticed (docs/edge-threads.md: no answer sent yet, no
 * body, an idempotent method, not replayed before) runs again on another instance; any other gets
 * a 503 naming the recycled one.
 */
import { resolveLimits } from '@weft/platform';
import { EdgeClosedError, EdgeThreadError } from '../errors.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import { DEFAULT_CPU_GRACE_MS } from '../sandbox/monitor.ts';
import { culpritResponse, recycledResponse, type FatalFault } from './failure-response.ts';
import { sharedNow, type StuckCode } from './heartbeat.ts';
import { resolveBundle, type EdgeOptions } from './in-process-edge.ts';
import type { EnvironmentSettings } from './environment.ts';
import { sandboxOptionsFrom } from './sandbox-options.ts';
import { Interrupts } from './interrupts.ts';
import { ThreadClient } from './thread-client.ts';
import type { Edge, EdgeRequest, EdgeResponse } from './types.ts';
import type { LoadedBundle } from '../loader/load.ts';
import type { InspectSettings } from '../sandbox/debug-source.ts';

export interface EdgePoolOptions extends EdgeOptions {
  /** Edge threads (sandbox instances) serving in parallel; default 1. */
  size?: number;
  /** Heap cap per thread in MB (runaway allocation → ResourceLimit); default 256. */
  heapMb?: number;
  /** How often the watchdog looks at the heartbeats, ms; default 5. */
  watchIntervalMs?: number;
  /** How long an event loop may stall with no handler pending (fire-and-forget code) before the
   *  instance counts as stuck, ms; default 1000. */
  idleStallMs?: number;
  /** Keep one started thread in reserve so a recycled instance is replaced at once; default true. */
  spare?: boolean;
  /** Extra slack (ms) after the limit plus the sandbox's CPU grace before the watchdog acts; default 5. */
  graceMs?: number;
  /**
   * Stop a handler call that runs past its CPU limit and keep its thread (interrupts.ts); default
   * true. Off, or where that fails, the thread is recycled.
   */
  interrupts?: boolean;
  /**
   * Where a thread that crashed or could not start is told (a Weft fault, not the worker's);
   * default stderr. Every event is also kept in `events`.
   */
  onCrash?: (event: PoolEvent) => void;
  /** Where what a developer should know but is not a fault is said (a thread paused in the debugger); default stderr. */
  onNotice?: (message: string) => void;
  /**
   * Let a debugger attached to this process (`inspector.open`) stop the worker at breakpoints in
   * its sources (docs/edge-threads.md, "Debugging"): each thread makes its script debuggable and
   * reports its pauses, the watchdog leaves a paused thread alone, and the CPU and wall limits
   * leave paused time out.
   */
  inspect?: InspectSettings | undefined;
}

/** Something the pool did that a server may log or show in the trace viewer. */
export interface PoolEvent {
  kind: 'recycled' | 'crashed' | 'replaced' | 'replayed';
  thread: number;
  message: string;
}

/** Methods a client cannot tell one run of from two (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** How many times one request may run again after sharing a recycled instance. */
const MAX_REPLAYS = 1;
/** The newest events kept in `events`; a long soak must not grow them without bound. */
const EVENTS_KEPT = 200;
/** A pause this soon after the thread resumed (a step) is not announced again, ms. */
const QUIET_AFTER_RESUME_MS = 1000;
/** How long the reserve thread waits for a first answer before it starts anyway, ms. */
const SPARE_DELAY_MS = 1000;

export class EdgePool implements Edge {
  readonly info: BundleInfo;
  readonly warnings: readonly string[];
  /** What the pool did, newest last (the last EVENTS_KEPT). */
  readonly events: PoolEvent[] = [];
  readonly #bundle: LoadedBundle;
  readonly #options: EdgePoolOptions;
  readonly #threads: ThreadClient[] = [];
  readonly #waiting: Array<() => void> = [];
  readonly #watch: NodeJS.Timeout;
  readonly #watchIntervalMs: number;
  readonly #tier;
  readonly #stallLimitMs: number;
  readonly #graceMs: number;
  readonly #clockGraceMs: number;
  readonly #interrupts: Interrupts | undefined;
  readonly #inspected: boolean;
  /**
   * Threads a debugger holds paused (`--inspect`), as the last check saw them: whether Ctrl-C has
   * been routed past the paused run yet, and whether the terminal was told.
   */
  readonly #pausedThreads = new WeakMap<ThreadClient, { routed: () => boolean; told: boolean }>();
  /** When each thread a debugger paused last resumed (performance.now()). */
  readonly #resumedAt = new WeakMap<ThreadClient, number>();
  #spare: ThreadClient | undefined;
  /** Set until the reserve thread is started (#deferSpare). */
  #spareTimer: NodeJS.Timeout | undefined;
  /** Requests running again after a recycle, by id: how many times each has. */
  readonly #replays = new Map<number, number>();
  #nextId = 1;
  #nextThread = 1;
  #closed = false;

  private constructor(bundle: LoadedBundle, info: BundleInfo, options: EdgePoolOptions, interrupts: Interrupts | undefined) {
    this.#bundle = bundle;
    this.#interrupts = interrupts;
    this.info = info;
    this.warnings = bundle.warnings;
    this.#options = options;
    const sandbox = sandboxOptionsFrom(options.options, options.sandbox);
    const limits = resolveLimits(sandbox.tier ?? 200, sandbox.limitsProfile ?? 'current').tierLimits;
    this.#tier = sandbox.tier ?? 200;
    this.#stallLimitMs = sandbox.overrides?.cpuMs ?? Math.max(limits.handler.cpuMs, limits.responseProvider.cpuMs);
    this.#graceMs = (sandbox.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS) + (options.graceMs ?? 5);
    this.#clockGraceMs = (sandbox.cpuGraceMs ?? 0) + (options.graceMs ?? 5);
    this.#watchIntervalMs = options.watchIntervalMs ?? 5;
    this.#inspected = options.inspect !== undefined;
    this.#watch = setInterval(() => this.#check(), this.#watchIntervalMs);
    this.#watch.unref();
  }

  static async create(options: EdgePoolOptions): Promise<EdgePool> {
    const bundle = await resolveBundle(options);
    const interrupts = options.interrupts === false ? undefined : new Interrupts();
    const first = EdgePool.#spawnDetached(bundle, options, 1, interrupts);
    let info: BundleInfo;
    try {
      info = await first.client.ready;
    } catch (error) {
      await first.client.terminate();
      await interrupts?.release();
      throw error;
    }
    const pool = new EdgePool(bundle, info, options, interrupts);
    pool.#adopt(first);
    for (let i = 1; i < (options.size ?? 1); i++) pool.#spawn();
    await Promise.all(pool.#threads.map((thread) => thread.ready));
    pool.#deferSpare();
    return pool;
  }

  // The first thread starts before the pool exists (its `ready` carries the bundle info).
  static #spawnDetached(bundle: LoadedBundle, options: EdgePoolOptions, number: number, interrupts: Interrupts | undefined): { client: ThreadClient; exits: Array<(c: ThreadClient, e: Error | undefined) => void> } {
    const exits: Array<(c: ThreadClient, e: Error | undefined) => void> = [];
    const client = new ThreadClient(number, { bundle, settings: settingsOf(options), heapMb: options.heapMb ?? 256, interrupts, inspect: options.inspect, onExit: (c, e) => exits.forEach((f) => f(c, e)) });
    return { client, exits };
  }

  #adopt(spawned: { client: ThreadClient; exits: Array<(c: ThreadClient, e: Error | undefined) => void> }): void {
    this.#nextThread = Math.max(this.#nextThread, spawned.client.number + 1);
    spawned.exits.push((client, error) => this.#onExit(client, error));
    this.#threads.push(spawned.client);
    // A thread that fails to start says so through its exit (#onExit), once; here it only wakes no one.
    void spawned.client.ready.then(() => this.#wake(), () => undefined);
  }

  #spawn(): ThreadClient {
    const spawned = EdgePool.#spawnDetached(this.#bundle, this.#options, this.#nextThread, this.#interrupts);
    this.#adopt(spawned);
    return spawned.client;
  }

  /**
   * The reserve thread starts once the first answer is ready, or after SPARE_DELAY_MS if none comes:
   * started with the pool, its boot (tens of ms of a core) competed with the first requests.
   */
  #deferSpare(): void {
    if (this.#options.spare === false) return;
    this.#spareTimer = setTimeout(() => this.#ensureSpare(), SPARE_DELAY_MS);
    this.#spareTimer.unref();
  }

  #ensureSpare(): void {
    clearTimeout(this.#spareTimer);
    this.#spareTimer = undefined;
    if (this.#closed || this.#options.spare === false || this.#spare !== undefined) return;
    const spawned = EdgePool.#spawnDetached(this.#bundle, this.#options, this.#nextThread++, this.#interrupts);
    const spare = spawned.client;
    this.#spare = spare;
    spawned.exits.push((client, error) => {
      if (this.#spare === client) {
        this.#spare = undefined;
        // A spare that never started would fail again; one that did is simply replaced.
        if (client.everReady) this.#ensureSpare();
        else this.#crashed({ kind: 'crashed', thread: client.number, message: `Spare edge thread ${client.number} could not start${error === undefined ? '' : `: ${error.message}`}.` });
      } else {
        this.#onExit(client, error);
      }
    });
  }

  /** Resolves once the reserve thread has started (false when there is none or it failed). */
  async spareReady(): Promise<boolean> {
    if (this.#spareTimer !== undefined) this.#ensureSpare();
    const spare = this.#spare;
    if (spare === undefined) return false;
    return spare.ready.then(() => true, () => false);
  }

  /** Moves the spare into service, if it is ready; true when it did. */
  #promoteSpare(): boolean {
    const spare = this.#spare;
    if (spare === undefined || !spare.serving) return false;
    this.#spare = undefined;
    this.#threads.push(spare);
    this.#wake();
    return true;
  }

  #wake(): void {
    for (const wake of this.#waiting.splice(0)) wake();
  }

  /** The least loaded serving thread, chosen synchronously so concurrent requests spread out. */
  #leastLoaded(): ThreadClient | undefined {
    let best: ThreadClient | undefined;
    for (const thread of this.#threads) {
      if (thread.serving && (best === undefined || thread.load < best.load)) best = thread;
    }
    return best;
  }

  async #waitForThread(): Promise<ThreadClient> {
    for (;;) {
      if (this.#closed) throw new EdgeClosedError();
      const thread = this.#leastLoaded();
      if (thread !== undefined) return thread;
      if (this.#threads.length === 0) throw new EdgeThreadError(`No edge thread is running: ${this.events.at(-1)?.message ?? 'every thread failed to start'}`);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  async handle(request: EdgeRequest): Promise<EdgeResponse> {
    if (this.#closed) throw new EdgeClosedError();
    return this.#dispatch({ ...request, id: this.#nextId++ });
  }

  async #dispatch(request: EdgeRequest): Promise<EdgeResponse> {
    const thread = this.#leastLoaded() ?? (await this.#waitForThread());
    const answer = thread.handle(request);
    if (this.#spareTimer !== undefined) void answer.finally(() => this.#ensureSpare()).catch(() => undefined);
    return answer;
  }

  #record(event: PoolEvent): void {
    this.events.push(event);
    if (this.events.length > EVENTS_KEPT) this.events.splice(0, this.events.length - EVENTS_KEPT);
  }

  /** Threads whose synchronous call was past its limit at the last check, by IN_RUN flag, with that call's key. */
  #overdue = new Map<Int32Array, { thread: ThreadClient; key: number }>();
  /** Whether a thread is still in the call found past its limit (its key unchanged): read when a signal is about to go. */
  readonly #stillOverdue = (flag: Int32Array): boolean => {
    const entry = this.#overdue.get(flag);
    return entry !== undefined && entry.thread.heartbeat.syncRun(sharedNow())?.key === entry.key;
  };

  #check(): void {
    const now = sharedNow();
    const overdue = new Map<Int32Array, { thread: ThreadClient; key: number }>();
    for (const thread of this.#threads) {
      if (!thread.serving || (this.#inspected && this.#paused(thread))) continue;
      // With a real CPU clock, a run past its limit in wall time is only a suspect: it is stuck once
      // the thread has spent limit + grace of CPU on it. Without one, wall time decides.
      const stuck = thread.heartbeat.check(now, thread.cpu === undefined ? this.#graceMs : 0, this.#stallLimitMs, this.#options.idleStallMs);
      if (stuck === undefined) {
        if (thread.inRun !== undefined) this.#interrupts?.done(thread.inRun);
        this.#follow(thread, now);
        continue;
      }
      let spent: number | undefined;
      if (thread.cpu !== undefined) {
        const cpuMs = thread.cpu.readMs();
        if (cpuMs !== undefined) {
          if (thread.watch?.key !== stuck.key) {
            thread.watch = { key: stuck.key, cpuMs, beforeMs: 0 };
            continue;
          }
          // A real CPU clock needs no slack for descheduling or a loaded machine: the pool's own suffices.
          spent = cpuMs - thread.watch.cpuMs + thread.watch.beforeMs;
          if (spent < stuck.cpuLimitMs + this.#clockGraceMs) continue;
        }
      }
      if (thread.inRun !== undefined && stuck.key > 0) overdue.set(thread.inRun, { thread, key: stuck.key });
      if (this.#interrupt(thread, stuck, now)) continue;
      thread.watch = undefined;
      this.#recycle(thread, cpuFault(stuck, spent), stuck.requestId, stuck.othersInnocent);
    }
    this.#overdue = overdue;
  }

  /**
   * Whether a debugger holds the thread paused (`--inspect`): it is not stuck, and a signal on its
   * way to it is called off. A pause V8 made near the heap limit is the end of the thread: the
   * platform's ResourceLimit, as when a thread runs out of heap without a debugger.
   */
  #paused(thread: ThreadClient): boolean {
    const pause = thread.heartbeat.pause();
    if (pause === undefined) {
      if (this.#pausedThreads.delete(thread)) this.#resumedAt.set(thread, performance.now());
      return false;
    }
    thread.watch = undefined;
    if (thread.inRun !== undefined) this.#interrupts?.done(thread.inRun);
    if (pause === 'out-of-memory') {
      this.#outOfMemory(thread);
      return true;
    }
    let paused = this.#pausedThreads.get(thread);
    if (paused === undefined) {
      // Paused inside its run: Ctrl-C must reach the main thread's listeners, not that run.
      const inItsRun = thread.inRun !== undefined && Atomics.load(thread.inRun, 0) === 1;
      const routed = inItsRun && this.#interrupts !== undefined ? this.#interrupts.restack() : () => true;
      if (routed === undefined) return true;
      // Stepping pauses again within milliseconds: one line for the lot.
      paused = { routed, told: performance.now() - (this.#resumedAt.get(thread) ?? -Infinity) < QUIET_AFTER_RESUME_MS };
      this.#pausedThreads.set(thread, paused);
    }
    if (!paused.told && paused.routed()) {
      paused.told = true;
      // Said once Ctrl-C would stop Weft, not before: the developer may press it after reading this.
      this.#notice(`edge thread ${thread.number} is paused in the debugger; its request's time limits wait while it is, and Ctrl-C stops Weft.`);
    }
    return true;
  }

  #notice(message: string): void {
    if (this.#options.onNotice !== undefined) this.#options.onNotice(message);
    else process.stderr.write(`weft: ${message}\n`);
  }

  #outOfMemory(thread: ThreadClient): void {
    const running = thread.heartbeat.lastRunning();
    const fault: FatalFault = { status: 'ResourceLimit', handler: running.handler, runningMs: 0, message: `${running.handler ?? 'worker code'} ran the instance out of memory (heap cap ${this.#options.heapMb ?? 256} MB).` };
    this.#recycle(thread, fault, running.requestId, running.requestId !== undefined);
  }

  /**
   * Starts timing a synchronous call on the thread's CPU clock as soon as a check sees it running,
   * so a runaway is stopped near its limit of CPU, not its limit of wall time plus its limit of CPU.
   */
  #follow(thread: ThreadClient, now: number): void {
    const run = thread.heartbeat.syncRun(now);
    if (run === undefined) {
      thread.watch = undefined;
      return;
    }
    if (thread.cpu === undefined || thread.watch?.key === run.key) return;
    const cpuMs = thread.cpu.readMs();
    // What ran before this check counts as CPU up to one check interval: more wall time than that
    // means the thread (or the watchdog) was descheduled, and a busy machine must not turn a short
    // run into a CpuTimeoutError. A real runaway is then stopped at most that much later.
    if (cpuMs !== undefined) thread.watch = { key: run.key, cpuMs, beforeMs: Math.min(run.runningMs, this.#watchIntervalMs) };
  }

  /**
   * Stops a realm entry stuck past its CPU limit without the thread (interrupts.ts): true while
   * that is under way, false when it cannot be done or failed (the caller recycles the thread).
   * Only an entry runs guarded; an event loop stalled outside any entry (host code) cannot be.
   */
  #interrupt(thread: ThreadClient, stuck: StuckCode, now: number): boolean {
    const interrupts = this.#interrupts;
    if (interrupts === undefined || thread.inRun === undefined || stuck.key <= 0) return false;
    return interrupts.step(thread.inRun, stuck.key, now, this.#stillOverdue) !== 'failed';
  }

  #recycle(thread: ThreadClient, fault: FatalFault, culpritId: number | undefined, replayOthers: boolean): void {
    if (thread.inRun !== undefined) this.#interrupts?.done(thread.inRun);
    const reason = `The edge instance (thread ${thread.number}) was recycled: ${fault.message}`;
    this.#record({ kind: 'recycled', thread: thread.number, message: reason });
    // Out of service first, so no request runs again on the instance being recycled.
    void thread.terminate();
    const error = new EdgeThreadError(reason);
    for (const request of thread.inFlight()) {
      if (request.id === culpritId) thread.settle(request.id, culpritResponse(request, fault, this.info, { tier: this.#tier, debugToken: debugTokenOf(this.#options) }), error);
      else if (!replayOthers || !this.#replay(thread, request, reason)) thread.settle(request.id, recycledResponse(reason), error);
    }
  }

  /**
   * Runs a request that shared a recycled instance again on another one, when nobody can tell:
   * no answer went out, it has no body (a streamed body is gone), its method is idempotent and it
   * has not run again before. Its sub-requests and origin request are sent again. False otherwise.
   */
  #replay(thread: ThreadClient, request: EdgeRequest, reason: string): boolean {
    const replays = this.#replays.get(request.id) ?? 0;
    if (request.body !== null || !IDEMPOTENT_METHODS.has(request.method) || replays >= MAX_REPLAYS || this.#closed) return false;
    const resolve = thread.release(request.id);
    if (resolve === undefined) return false;
    this.#replays.delete(request.id);
    const again: EdgeRequest = { ...request, id: this.#nextId++ };
    this.#replays.set(again.id, replays + 1);
    this.#record({ kind: 'replayed', thread: thread.number, message: `${request.method} ${request.url} runs again as request ${again.id}: it was in flight on thread ${thread.number} when that instance was recycled.` });
    void this.#dispatch(again).then(resolve, (failure: unknown) => {
      resolve(recycledResponse(`${reason} Running the request again failed: ${failure instanceof Error ? failure.message : String(failure)}`));
    }).finally(() => this.#replays.delete(again.id));
    return true;
  }

  // A crash is Weft's fault or the machine's: kept for the viewer and said on the terminal, since
  // the requests it cost only see a 503.
  #crashed(event: PoolEvent): void {
    this.#record(event);
    if (this.#options.onCrash !== undefined) this.#options.onCrash(event);
    else process.stderr.write(`weft: ${event.message}\n`);
  }

  #onExit(thread: ThreadClient, error: Error | undefined): void {
    if (thread.inRun !== undefined) this.#interrupts?.done(thread.inRun);
    if (this.#closed && thread.load > 0) {
      // The pool is closing (SIGTERM, Ctrl-C): its threads stop with requests in flight, which is
      // no crash; those requests get the recycled answer with the reason, and nothing is reported.
      const reason = `Weft is shutting down; the edge instance (thread ${thread.number}) stopped with this request in flight.`;
      for (const request of thread.inFlight()) thread.settle(request.id, recycledResponse(reason), new EdgeThreadError(reason));
    } else if (thread.load > 0) {
      const outOfMemory = (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (outOfMemory) {
        this.#outOfMemory(thread);
      } else {
        const reason = `The edge instance (thread ${thread.number}) stopped unexpectedly${error === undefined ? '' : `: ${error.message}`}.`;
        this.#crashed({ kind: 'crashed', thread: thread.number, message: reason });
        for (const request of thread.inFlight()) thread.settle(request.id, recycledResponse(reason), new EdgeThreadError(reason));
      }
    }
    const index = this.#threads.indexOf(thread);
    if (index !== -1) this.#threads.splice(index, 1);
    if (this.#closed) return;
    if (!thread.everReady) {
      // A thread that never started would fail again: no respawn loop; waiting requests learn why.
      this.#crashed({ kind: 'crashed', thread: thread.number, message: `Edge thread ${thread.number} could not start${error === undefined ? '' : `: ${error.message}`}.` });
      this.#wake();
      return;
    }
    const promoted = this.#promoteSpare() ? this.#threads.at(-1) : undefined;
    const replacement = promoted ?? this.#spawn();
    this.#record({ kind: 'replaced', thread: thread.number, message: `Thread ${replacement.number} replaces thread ${thread.number}${promoted === undefined ? '' : ' (the spare)'}.` });
    this.#ensureSpare();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watch);
    clearTimeout(this.#spareTimer);
    this.#wake();
    const spare = this.#spare;
    this.#spare = undefined;
    await Promise.all([...this.#threads, ...(spare === undefined ? [] : [spare])].map((thread) => thread.terminate()));
    await this.#interrupts?.release();
  }
}

function settingsOf(options: EdgePoolOptions): EnvironmentSettings {
  const { pipeline, options: runtimeOptions, sandbox, identity } = options;
  return { pipeline, options: runtimeOptions, sandbox, identity };
}

function debugTokenOf(options: EdgePoolOptions): string | undefined {
  const token = (options.options as { debugToken?: unknown } | undefined)?.debugToken;
  return typeof token === 'string' ? token : undefined;
}

function cpuFault(stuck: StuckCode, cpuSpentMs: number | undefined): FatalFault {
  const who = stuck.handler ?? 'worker code';
  const cpu = cpuSpentMs === undefined ? '' : ` (over ${cpuSpentMs.toFixed(0)} ms of it on the CPU)`;
  return { status: 'CpuTimeoutError', handler: stuck.handler, runningMs: stuck.runningMs, message: `${who} ran ${stuck.runningMs.toFixed(0)} ms without yielding${cpu}, past its ${stuck.cpuLimitMs} ms CPU limit (CpuTimeoutError).` };
}
