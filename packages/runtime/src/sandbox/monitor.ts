/**
 * What the sandbox tells the CPU watchdog. An edge thread implements this with a SharedArrayBuffer
 * the main thread reads (isolation/heartbeat.ts); the in-process edge has no watchdog.
 */
import type { HandlerName } from '@weft/platform';

/**
 * Where an edge thread's handler calls can be interrupted (isolation/interrupts.ts): each call
 * runs inside a vm run with breakOnSigint, opened and closed through the gate.
 */
export interface InterruptGate {
  /** Before a guarded run: waits (briefly) while the watchdog interrupts another thread. */
  enter(): void;
  leave(): void;
  /** After a run ended in vm's SIGINT error: whether the watchdog sent it (and it is now spent). */
  claim(): boolean;
}

/**
 * How long a debugger has held the thread paused (`--inspect`, isolation/pause-watch.ts). Nothing
 * runs on a paused thread, so the CPU and wall limits of every call on it leave that time out.
 */
export interface PauseClock {
  /** Milliseconds the thread has stood paused so far, a pause under way included. */
  pausedMs(): number;
}

export interface InvocationMonitor {
  /** Present where handler calls can be interrupted without losing the thread. */
  readonly gate?: InterruptGate;
  /** Present where a debugger may pause the thread (`--inspect`); absent, nothing is asked. */
  readonly pauses?: PauseClock | undefined;
  /** A handler invocation starts; its code runs synchronously until `syncDone`. */
  begin(requestId: number, handler: HandlerName, cpuLimitMs: number): void;
  /**
   * The host enters the realm again for request `requestId` (a delivery, a stream pull): the code
   * that runs until `syncDone` continues that handler's work (0 and the largest limit when unknown).
   */
  resume(requestId: number, handler: HandlerName, cpuLimitMs: number): void;
  /** The synchronous part of the call (or of the entry) returned (the handler may still be pending). */
  syncDone(): void;
  /** The invocation settled (or timed out). */
  end(requestId: number): void;
}

export const NO_MONITOR: InvocationMonitor = { begin() {}, resume() {}, syncDone() {}, end() {} };

/**
 * Slack (50 ms) over a CPU limit before code counts as over it. Weft measures CPU as the wall time of
 * synchronous runs (Node 20 has no per-thread CPU clock), so a descheduled thread or a cold JIT
 * could otherwise fail a handler the platform would pass. An endless loop fails either way.
 */
export const DEFAULT_CPU_GRACE_MS = 50;
