/**
 * The CPU watchdog's shared memory. The edge thread writes (cheap plain stores, no messages) what
 * worker code is running: the current entry into the realm (a handler call, or host work resuming
 * one) with its request, handler and CPU limit, the count of unsettled invocations, and a heartbeat
 * its event loop bumps every few ms. The main thread reads it on a timer: an entry past its limit,
 * or an event loop that stopped beating outside any entry (host code blocking), is stuck code.
 * A thread a debugger paused (`--inspect`, pause-watch.ts) says so, and is not.
 */
import { HANDLER_NAMES, IdTable, type HandlerName } from '@weft/platform';
import type { InterruptGate, InvocationMonitor, PauseClock } from '../sandbox/monitor.ts';

const HEARTBEAT = 0, SYNC_SINCE = 1, SYNC_REQUEST = 2, SYNC_HANDLER = 3, SYNC_LIMIT = 4, ACTIVE = 5, LAST_REQUEST = 6, LAST_HANDLER = 7, LAST_LIMIT = 8;
const SLOTS = 9;
/** After the Float64 slots, one Int32 read and written with Atomics: the thread's pause state. */
const PAUSE_OFFSET = SLOTS * Float64Array.BYTES_PER_ELEMENT;
const RUNNING = 0, PAUSED = 1, PAUSED_OUT_OF_MEMORY = 2;
/** Default bound for a stalled event loop with no invocation pending (see `check`). */
export const IDLE_STALL_MS = 1000;

/** Wall-clock ms shared by both threads (performance.now() has a per-thread origin). */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

export function createHeartbeatBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(PAUSE_OFFSET + Float64Array.BYTES_PER_ELEMENT);
}

/** Why a debugger holds the thread: a breakpoint or a step (any pause), or V8 about to run out of heap. */
export type PauseKind = 'debugger' | 'out-of-memory';

/** The edge thread's side: an InvocationMonitor that writes the shared slots. */
export class HeartbeatWriter implements InvocationMonitor {
  readonly gate: InterruptGate | undefined;
  /** Set under --inspect, once the thread watches its pauses (pause-watch.ts). */
  pauses: PauseClock | undefined;
  readonly #slots: Float64Array;
  readonly #pause: Int32Array;
  readonly #timer: NodeJS.Timeout;
  readonly #active = new IdTable<number>();

  constructor(buffer: SharedArrayBuffer, intervalMs = 5, gate?: InterruptGate) {
    this.gate = gate;
    this.#slots = new Float64Array(buffer, 0, SLOTS);
    this.#pause = new Int32Array(buffer, PAUSE_OFFSET, 1);
    this.#slots[HEARTBEAT] = sharedNow();
    this.#timer = setInterval(() => {
      this.#slots[HEARTBEAT] = sharedNow();
    }, intervalMs);
  }

  begin(requestId: number, handler: HandlerName, cpuLimitMs: number): void {
    this.resume(requestId, handler, cpuLimitMs);
    const s = this.#slots;
    this.#active.set(requestId, (this.#active.get(requestId) ?? 0) + 1);
    s[ACTIVE] = this.#active.size;
    s[LAST_REQUEST] = requestId;
    s[LAST_HANDLER] = s[SYNC_HANDLER] ?? -1;
    s[LAST_LIMIT] = cpuLimitMs;
  }

  resume(requestId: number, handler: HandlerName, cpuLimitMs: number): void {
    const s = this.#slots;
    s[SYNC_REQUEST] = requestId;
    s[SYNC_HANDLER] = HANDLER_NAMES.indexOf(handler);
    s[SYNC_LIMIT] = cpuLimitMs;
    s[SYNC_SINCE] = sharedNow();
  }

  syncDone(): void {
    this.#slots[SYNC_SINCE] = 0;
  }

  end(requestId: number): void {
    const count = (this.#active.get(requestId) ?? 1) - 1;
    if (count <= 0) this.#active.delete(requestId);
    else this.#active.set(requestId, count);
    this.#slots[ACTIVE] = this.#active.size;
  }

  /** A debugger paused the thread: its event loop and any run in it stand still until `resumed`. */
  paused(kind: PauseKind): void {
    Atomics.store(this.#pause, 0, kind === 'out-of-memory' ? PAUSED_OUT_OF_MEMORY : PAUSED);
  }

  /**
   * The thread goes on after `pausedMs` paused: the run under way, if any, counts from a start that
   * much later (a new key, so the watchdog times it afresh), and the loop beats now. The pause
   * state clears last (Atomics.store), so a watchdog that sees it clear sees the new slots too.
   * A pause near the heap limit stays marked: V8 resumes at once when no debugger holds it, with
   * the heap still full, and the thread is to be recycled.
   */
  resumed(pausedMs: number): void {
    if (Atomics.load(this.#pause, 0) === PAUSED_OUT_OF_MEMORY) return;
    const s = this.#slots;
    const since = s[SYNC_SINCE] ?? 0;
    if (since > 0) s[SYNC_SINCE] = since + pausedMs;
    s[HEARTBEAT] = sharedNow();
    Atomics.store(this.#pause, 0, RUNNING);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export interface StuckCode {
  /** The request whose code is running, when it can be told. */
  requestId: number | undefined;
  handler: HandlerName | undefined;
  cpuLimitMs: number;
  /** How long the code has run without yielding, ms (wall time). */
  runningMs: number;
  /** Identifies this run (its start), so a watcher can follow one run across checks. */
  key: number;
  /**
   * Whether every other request in flight is known to be innocent: the culprit is known, or no
   * invocation was pending (code a finished handler left behind). False when several were pending
   * and any of them may be looping.
   */
  othersInnocent: boolean;
}

/** The main thread's side. */
export class HeartbeatReader {
  readonly #slots: Float64Array;
  readonly #pause: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#slots = new Float64Array(buffer, 0, SLOTS);
    this.#pause = new Int32Array(buffer, PAUSE_OFFSET, 1);
  }

  /** Whether a debugger holds the thread paused, and why (`--inspect` only; undefined otherwise). */
  pause(): PauseKind | undefined {
    const state = Atomics.load(this.#pause, 0);
    return state === RUNNING ? undefined : state === PAUSED_OUT_OF_MEMORY ? 'out-of-memory' : 'debugger';
  }

  /**
   * Stuck code, or undefined. `stallLimitMs` applies when no synchronous call is recorded (a loop
   * inside an async continuation): the largest CPU limit any handler could have. Call it only
   * for a thread that is serving: startup blocks the event loop legitimately.
   */
  check(now: number, graceMs: number, stallLimitMs: number, idleStallMs = IDLE_STALL_MS): StuckCode | undefined {
    const s = this.#slots;
    const since = s[SYNC_SINCE] ?? 0;
    if (since > 0) {
      const runningMs = now - since;
      const limit = s[SYNC_LIMIT] ?? 0;
      if (runningMs <= limit + graceMs) return undefined;
      return { requestId: s[SYNC_REQUEST], handler: HANDLER_NAMES[s[SYNC_HANDLER] ?? -1], cpuLimitMs: limit, runningMs, key: since, othersInnocent: true };
    }
    const stalled = now - (s[HEARTBEAT] ?? now);
    const active = s[ACTIVE] ?? 0;
    // With no invocation pending, only code a handler left behind (a fire-and-forget continuation)
    // can be looping; host work never blocks this long, so a generous bound avoids false alarms.
    const bound = active === 0 ? Math.max(idleStallMs, stallLimitMs) : stallLimitMs;
    if (stalled <= bound + graceMs) return undefined;
    const sole = active === 1;
    return {
      requestId: sole ? s[LAST_REQUEST] : undefined, handler: sole ? HANDLER_NAMES[s[LAST_HANDLER] ?? -1] : undefined, cpuLimitMs: sole ? s[LAST_LIMIT] ?? stallLimitMs : bound,
      runningMs: stalled, key: -(s[HEARTBEAT] ?? 0), othersInnocent: active <= 1,
    };
  }

  /** The synchronous call running now, if any: its key (as in StuckCode) and how long it has run. */
  syncRun(now: number): { key: number; runningMs: number } | undefined {
    const since = this.#slots[SYNC_SINCE] ?? 0;
    return since > 0 ? { key: since, runningMs: now - since } : undefined;
  }

  /** Who was running when the thread died (e.g. out of memory). */
  lastRunning(): { requestId: number | undefined; handler: HandlerName | undefined } {
    const s = this.#slots;
    if ((s[SYNC_SINCE] ?? 0) > 0) return { requestId: s[SYNC_REQUEST], handler: HANDLER_NAMES[s[SYNC_HANDLER] ?? -1] };
    if (s[ACTIVE] === 1) return { requestId: s[LAST_REQUEST], handler: HANDLER_NAMES[s[LAST_HANDLER] ?? -1] };
    return { requestId: undefined, handler: undefined };
  }
}
