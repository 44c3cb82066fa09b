/**
 * The contract between the sandbox (which runs worker code) and the request pipeline (which
 * decides what to run). The pipeline calls `Sandbox.invoke` once per handler; the sandbox runs the
 * handler inside `runInvocation` so built-in modules see the invocation, freezes `Date`, measures
 * time and memory, enforces the wall limit, and reports everything as an `InvocationOutcome`.
 * Nothing in here throws for worker faults: every fault is an outcome with a status (§22.4).
 */
import type { HandlerName, HandlerOutcome, InvocationContext } from '@weft/platform';
import type { ReadableStream } from 'node:stream/web';
import type { HandlerCallInput } from './handler-wire.ts';

/** Execution statuses of the enhanced debug header (spec §22.4, §24). */
export type InvocationStatus =
  | 'Success'
  | 'GenericError'
  | 'ExecutionError'
  | 'RuntimeError'
  | 'UnimplementedEventHandler'
  | 'TimeoutError'
  | 'WallTimeoutError'
  | 'CpuTimeoutError'
  | 'InitWallTimeoutError'
  | 'InitCpuTimeoutError'
  | 'ResourceLimit';

/** One frame of a worker stack, in original bundle coordinates (`main.js:fn:5:2`); the same
 *  shape `debug/status-msg.ts` formats. */
export interface StackFrame {
  /** Bundle-relative path, e.g. `main.js` or `utils/lib.js`. */
  file: string;
  /** Function name; empty for top-level or anonymous code. */
  function: string;
  line: number;
  column: number;
}

/** A worker fault, ready for `status_msg` (see `formatStatusMessage`) and for the trace. */
export interface InvocationError {
  /** Error class name as the worker saw it (`ReferenceError`, `TypeError`, `CpuTimeoutError`...). */
  name: string;
  message: string;
  /** Worker frames only (host frames are dropped), innermost first. */
  frames: StackFrame[];
  /** The full stack text with bundle positions, for the trace. */
  stack: string | undefined;
}

export interface InvocationOutcome {
  status: InvocationStatus;
  /** What a responseProvider resolved to, as the realm described it (ResultWire; only on Success). */
  value: unknown;
  /** Everything the handler changed, as the realm reported it (absent when it never answered). */
  changes?: HandlerOutcome | undefined;
  error: InvocationError | undefined;
  /** Time spent running worker code synchronously (the CPU guard's clock), ms. */
  cpuMs: number;
  /** From the call until the handler settled (or timed out), ms. */
  wallMs: number;
  /** Non-zero only on the invocation that initialised the instance (§1.4). */
  initCpuMs: number;
  initWallMs: number;
  /** JS heap growth during the handler, bytes (`memory_usage`); 0 when it shrank. */
  memoryBytes: number;
}

/** Facts about the loaded bundle shown in debug headers (`ew=<id> v<version>:<name>`). */
export interface BundleInfo {
  name: string;
  version: string;
  /** EdgeWorker id (config `ewId`, default 0). */
  ewId: number;
  /** `bundle.json` `config.logging.level`, when present. */
  logLevel: string | undefined;
}

export interface InvokeOptions {
  /** Pool-wide request number; lets the watchdog name the request whose code is running. */
  requestId?: number;
  /** Frozen time for this invocation (epoch ms): `x-weft-now` or config `clock` (decision 33). */
  now?: number;
  /** Overrides the tier's wall limit (ms), e.g. for a short test limit. */
  wallMs?: number;
}

export interface Sandbox {
  readonly info: BundleInfo;
  /** Set when the bundle could not load (GenericError) or its top-level code failed; every
   *  invocation then returns this status. */
  readonly failure: { status: InvocationStatus; error: InvocationError } | undefined;
  /** Whether the bundle exports this handler as a function. */
  has(handler: HandlerName): boolean;
  /** Runs one handler. Never rejects: faults are outcomes. */
  /** The outcome itself when the handler settled within its call (no await left over), so the pipeline moves on without a turn of the event loop. */
  invoke(handler: HandlerName, input: HandlerCallInput, context: InvocationContext, options?: InvokeOptions): InvocationOutcome | Promise<InvocationOutcome>;
  /** Registers a host stream the worker reads as the client body; its id goes in HandlerCallInput. */
  addBodySource(body: ReadableStream<Uint8Array>): number;
  /** The host view of a stream the worker handed over (a createResponse body, ResultWire.stream). */
  openStream(id: number, context?: InvocationContext): ReadableStream<Uint8Array>;
}

/** Hands the pipeline a sandbox instance for a request (decision 29). */
export interface SandboxProvider {
  /** The shared instance, or a fresh one per request when `instancePerRequest` is set. */
  forRequest(): Sandbox;
}
