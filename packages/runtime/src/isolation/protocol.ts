/**
 * Messages between the main thread (EdgePool) and an edge thread. One message carries a request
 * head in, one carries the response head out; bodies travel as copied-then-transferred
 * ArrayBuffers with credit-based backpressure (see body-channel.ts). `dir` tells which body a
 * body message belongs to: `req` (main → thread) or `res` (thread → main).
 */
import type { LoadedBundle } from '../loader/load.ts';
import type { InspectSettings } from '../sandbox/debug-source.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import type { EnvironmentSettings } from './environment.ts';
import type { GateBuffers } from './interrupts.ts';
import type { HeaderPairs } from './types.ts';

export type BodyDirection = 'req' | 'res';

export type BodyMessage =
  | { t: 'chunk'; id: number; dir: BodyDirection; data: ArrayBuffer }
  | { t: 'end'; id: number; dir: BodyDirection }
  | { t: 'abort'; id: number; dir: BodyDirection; message: string }
  /** The receiver can take `n` more chunks. */
  | { t: 'credit'; id: number; dir: BodyDirection; n: number }
  /** The receiver does not want the rest of the body. */
  | { t: 'cancel'; id: number; dir: BodyDirection };

export interface RequestHead {
  t: 'request';
  id: number;
  method: string;
  url: string;
  headers: HeaderPairs;
  scheme: 'http' | 'https';
  remoteAddress: string;
  /** `inline`: `chunks` is the whole body; `stream`: `chunks` is its start, body messages follow. */
  body: 'none' | 'inline' | 'stream';
  chunks: ArrayBuffer[];
}

export interface ResponseHead {
  t: 'response';
  id: number;
  status: number;
  headers: HeaderPairs;
  body: 'none' | 'inline' | 'stream';
  chunks: ArrayBuffer[];
}

/** `start`: the data of a standby thread (standby.ts), its first message. */
export type ToThread = RequestHead | BodyMessage | { t: 'start'; data: ThreadData };
export type FromThread = ResponseHead | BodyMessage | { t: 'ready'; info: BundleInfo; threadId: number | undefined } | { t: 'startup-failed'; message: string };

/** What the thread gets as workerData. */
export interface ThreadData {
  entry: string;
  bundle: LoadedBundle;
  settings: EnvironmentSettings;
  heartbeat: SharedArrayBuffer;
  /** Where the watchdog can interrupt this thread's handler calls (interrupts.ts); absent: it recycles the thread. */
  gate: GateBuffers | undefined;
  /** The platform script for worker realms, bundled once by the parent (sandbox/kernel-script.ts). */
  platformScript: string;
  /** Under `--inspect`: the thread watches its pauses (pause-watch.ts) and makes the worker's script debuggable. */
  inspect?: InspectSettings | undefined;
}

/**
 * Chunks a body's sender may post before the receiver asks for more (it asks again when half are
 * read), so at most this many chunks of a body (each up to 64 KB) are in flight or waiting. With
 * 8, a large page through `weft serve` waited on credit: `pnpm bench compose-html` streamed inject()
 * at 108–110 MB/s with 8, 120 with 16 and 127 with 32.
 */
export const INITIAL_CREDIT = 32;
