/**
 * The only door between worker realm and host (issue 11, "one realm, a locked host"). Everything the
 * built-in modules cannot do in plain ECMAScript (sockets, WebCrypto, randomness, legacy text
 * encodings, logging, the trace) is a function here. The rule that keeps the host out of reach: these functions take and
 * return primitives only. The one exception is a `Uint8Array` argument made by the realm, which the
 * host copies at once with its own intrinsics (never calling a method of it). Asynchronous work
 * returns a ticket; the host later calls the realm's `deliver(ticket, ...)`, again with primitives,
 * and parks any bytes under the ticket for `takeBytes`. A delivery never happens inside the call that
 * returned the ticket (the realm starts waiting only once the call is back).
 *
 * Each capability declares its part in its own file; this file assembles them.
 */
import type { CryptoHost } from '../modules/crypto/host-api.ts';
import type { TextDecodeHost } from '../modules/encoding/host-api.ts';
import type { SubrequestHost } from '../modules/http-request/host-api.ts';

export interface CoreHost {
  /** Copies the bytes parked under `id` into `target` (whose length the delivery announced), then forgets them. */
  takeBytes(id: number, target: Uint8Array): void;
  /** Fills `target` with random bytes (repeatable when the property sets a seed, decision 33). */
  randomFill(target: Uint8Array): void;
  /** Whether a log line of `level` is recorded for the current request (§16). */
  logEnabled(level: string): boolean;
  /** Records a log line for the current handler (`file`/`line`: the call site in the bundle, or ''/0). */
  log(level: string, file: string, line: number, message: string): void;
  /**
   * A report of the log module's report hook (WorkerReport): `kind` 'error' or 'warning', its code
   * and message, the exception as ErrorWire JSON ('' for none), and the call site as for `log`.
   * False when the current request takes no reports: the realm then logs the line instead.
   * Kind 'plan' carries a composition's plan as JSON in `message` (InvocationContext.onPlan).
   */
  report(kind: string, code: string, message: string, error: string, file: string, line: number): boolean;
  /** The limits profile of the current request (decisions 4), 'current' outside a handler. */
  limitsProfile(): string;
  /** A platform note for the trace (something the edge would do differently or silently). */
  warn(message: string): void;
  /** Asks V8 for a young-generation collection (streamed bodies leave garbage and little else). */
  collectGarbage(): void;
  /** Starts reading host byte source `id` (a request body, a sub-request body): the delivery's value is the chunk length (bytes parked under the ticket) or -1 at the end. */
  sourceRead(id: number): number;
  /** The realm no longer wants source `id`. */
  sourceCancel(id: number, reason: string): void;
  /** A chunk of realm stream `id` that the host asked for with the kernel's `pull(id)`. */
  sinkChunk(id: number, chunk: Uint8Array): void;
  /** Realm stream `id` ended (`ok`) or failed (`name`, `message`). */
  sinkEnd(id: number, ok: boolean, name: string, message: string): void;
  /**
   * The bundle position (`main.js:4:14`) of a frame of the worker's compiled script, or '' for a
   * position of the bundler's or the built-in modules' glue (stack-view.ts keeps only the worker's frames).
   */
  stackPosition(file: string, line: number, column: number): string;
  /** Handler call `callId` settled after returning a promise; `outcome` is the JSON of a HandlerOutcome. */
  settled(callId: number, outcome: string): void;
}

export interface RawHost extends CoreHost, SubrequestHost, CryptoHost, TextDecodeHost {}

/** What the realm hands back to the host: functions it calls with primitives only. */
export interface RealmHooks {
  /** Settles ticket `ticket`: `ok` with a primitive `value`, or an error rebuilt from name/message/code. */
  deliver(ticket: number, ok: boolean, value: string | number | boolean | null, name: string, code: string): void;
}
