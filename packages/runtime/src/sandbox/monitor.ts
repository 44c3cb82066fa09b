/**
 * What the sandbox tells the CPU watchdog. An edge thread implements this with a SharedArrayBuffer
 * the main thread reads (isolation/heartbeat.ts); the in-process edge has no watchdog.
 */
import type { HandlerName } from '@weft/platform';

export interface InvocationMonitor {
  /** A handler invocation starts; its code runs synchronously until `syncDone`. */
  begin(requestId: number, handler: HandlerName, cpuLimitMs: number): void;
  /** The synchronous part of the call returned (the handler may still be pending). */
  syncDone(): void;
  /** The invocation settled (or timed out). */
  end(requestId: number): void;
}

export const NO_MONITOR: InvocationMonitor = { begin() {}, syncDone() {}, end() {} };
