/**
 * The host side of one handler invocation. Built-in modules are shared by every request a sandbox
 * instance serves, so they find "the current handler" through AsyncLocalStorage: the runtime runs
 * each handler inside `runInvocation`, and async continuations of worker code keep that context.
 *
 * This file is the contract between the built-in modules (which read it) and the runtime (which
 * fills it). Keep it small; add a field only when a module needs a fact it cannot get otherwise.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dispatcher } from 'undici';
import type { HandlerFacts } from '../handlers.ts';
import type { Limits } from '../limits.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  /** File and line of the call in the worker bundle, when known (e.g. `main.js`, 4). */
  file: string | undefined;
  line: number | undefined;
  message: string;
}

/** A position in the worker's own sources (source-mapped when the bundle has a map). */
export interface ReportedFrame {
  file: string;
  function: string;
  line: number;
  column: number;
}

/**
 * Something worker code reported through the log module's report hook (modules/log/report.ts)
 * without failing: a toolkit bundled into the worker (@weft/compose) caught an exception of the
 * author's callback, or answered with a fallback. The trace records it on the handler's stage.
 */
export interface WorkerReport {
  kind: 'error' | 'warning';
  /** A short lower-case kebab-case code (the trace's warning codes), e.g. `compose-merge`. */
  code: string;
  /** What the toolkit did about it, in its words (`merge threw; answering 500`). */
  message: string;
  /** The exception, with the frames of the worker's own code, most recent first. */
  error: { name: string; message: string; frames: ReportedFrame[]; stack: string | undefined } | undefined;
  /** The line the log module writes for it (the debug log headers show it, as at the edge). */
  log: LogEntry;
}

/** What a sub-request did, reported to the runtime for the trace and the debug header (§22.5). */
export interface SubrequestRecord {
  id: number;
  method: string;
  url: string;
  /** Status once headers arrived; undefined while pending or on error. */
  status: number | undefined;
  error: string | undefined;
  /** ms from the call until the promise settled. */
  durationMs: number | undefined;
  /** ms from the call until the body was read or failed. */
  totalDurationMs: number | undefined;
  bodyError: string | undefined;
  /** Set when the parallel limit queued the call. */
  rateLimitedMs: number | undefined;
  startedAt: number;
  /** Notes such as an http:// URL allowed locally (decision 22). */
  notes: string[];
  /** The local server dialled for `url`, when it differs (decisions 21-23). */
  localUrl?: string;
  /** Lines as sent, once the request went out (hop-by-hop dropped, Host set: decision 25). */
  requestHeaders?: Array<[string, string]>;
  /** Lines as received, once the head arrived. */
  responseHeaders?: Array<[string, string]>;
  /** Its pass through the property's cache (HostPolicy.cache), when it made one. */
  cache?: SubrequestCacheInfo;
  /** Set when another local app's pipeline answered it as a subWorker (platform §20). */
  subWorker?: { app: string; traceId: string; depth: number };
  /** A subWorker's debug headers, taken off its answer for the root's response (`akamai-x-ew-subworkers`, §22.1). */
  gatheredHeaders?: Array<[string, string]>;
}

/** What a sub-request's pass through the cache decided (the trace's `subrequests[].cache`). */
export interface SubrequestCacheInfo {
  lookup: 'hit' | 'miss' | 'stale' | 'bypass';
  key?: string;
  reason?: string;
  stored: boolean;
  ttlSeconds?: number;
  ageSeconds?: number;
}

/** An answer the cache holds, served to a sub-request without going out. */
export interface CachedAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** One sub-request's pass through the cache: the lookup's outcome, then (on a miss) the store. */
export interface SubrequestCachePass {
  readonly info: SubrequestCacheInfo;
  /** Set on a fresh hit: the sub-request is answered with it and does not go out. */
  readonly hit: CachedAnswer | undefined;
  /** At the head of a fetched answer: whether its body should be kept for the store (info says why not). */
  admit(status: number, headers: Array<[string, string]>): boolean;
  /** The admitted answer's whole body arrived. */
  store(body: Uint8Array): void;
}

/**
 * The property's cache as sub-requests meet it (platform §10: a sub-request goes through the
 * property's metadata, caching included). The runtime implements it with the client cache's rules.
 */
export interface SubrequestCache {
  /** A pass for a sub-request to mapped host `url.hostname`; undefined when that host's sub-requests skip the cache. */
  pass(url: URL, method: string): SubrequestCachePass | undefined;
}

/** Request header of a subWorker call: `root=<trace id>; parent=<trace id>; depth=<n>; tree=rp|events` (the runtime's pipeline reads and removes it). */
export const SUBWORKER_REQUEST_HEADER = 'x-weft-subworker';
/** Response header of a subWorker call its app answered without running the worker: the platform's status name (§24). */
export const SUBWORKER_STATUS_HEADER = 'x-weft-subworker-status';

/** The request a handler runs for, as the subWorker tree sees it (platform §20). */
export interface SubWorkerCaller {
  /** Hostname (lower-case) to the local app whose pipeline answers it as a subWorker. */
  apps: ReadonlyMap<string, string>;
  /** The running request's trace id, the parent of the subWorker traces it causes. */
  traceId: string;
  /** The root request's trace id, which counts the tree's subWorker executions. */
  rootId: string;
  /** 0 for the root request, 1 for a subWorker it ran, 2 for a grandchild. */
  depth: number;
  /**
   * Which of the root's trees the request belongs to (platform §20: the responseProvider tree is
   * counted on its own); undefined for the root, where the handler making the call decides.
   */
  tree?: SubWorkerTree | undefined;
  /**
   * With `Pragma: akamai-x-ew-subworkers` (§22.1): the request's debug header lines (Pragma,
   * Akamai-EW-Trace, the log level) that subWorker calls carry on, and whose debug headers come back.
   */
  debug?: ReadonlyArray<readonly [string, string]> | undefined;
}

/** `rp`: started by the root's responseProvider; `events`: by another of its handlers. */
export type SubWorkerTree = 'rp' | 'events';

export interface HostPolicy {
  /** Scheme and Host of the client request; relative sub-request URLs resolve against them. */
  requestScheme: 'http' | 'https';
  requestHost: string;
  /** Hostname (lower-case) to base URL of the local server that answers for it (decision 21, 23). */
  hosts: ReadonlyMap<string, string>;
  /** Where the request's own host goes when it is not in `hosts`. */
  defaultOrigin: string | undefined;
  /** The property's cache for sub-requests to mapped hosts; absent when none of them uses it. */
  cache?: SubrequestCache | undefined;
  /** Set when some mapped hosts are other local apps run as subWorkers. */
  subWorkers?: SubWorkerCaller | undefined;
}

export interface InvocationContext {
  handler: HandlerFacts;
  limits: Limits;
  /** Dispatcher every sub-request goes through (undici Agent, MockAgent in unit tests). */
  dispatcher: Dispatcher;
  hostPolicy: HostPolicy;
  /** Monotonic clock in ms (performance.now-like); never the frozen worker Date. */
  now(): number;
  /** Sub-request bookkeeping for this handler invocation: count and active (for limits). */
  subrequests: { started: number; active: number; waiting: Array<() => void> };
  onSubrequest(record: SubrequestRecord): void;
  /** Whether logging is on for this request, and the minimum level (§16). */
  logging: { enabled: boolean; minLevel: LogLevel };
  onLog(entry: LogEntry): void;
  /** A report of the log module's report hook; none: reports reach only the log, as at the edge. */
  onReport?(report: WorkerReport): void;
  /** A composition's plan the report hook sent (kind 'plan'): untrusted JSON text, for the trace. */
  onPlan?(json: string): void;
  /** The worker's Date.now() during this call (decision 17: time stands still in a handler); the sandbox sets it when the call starts. */
  frozenTime?: number;
  /**
   * The sandbox's own note of the call running under this context, which it reads when host work
   * the call started (a sub-request's answer, a body chunk) enters the realm again. A field, not a
   * WeakMap from context to call: an ephemeron per call made the collector's helper threads work
   * about four times as hard under load.
   */
  sandboxCall?: object;
}

/**
 * On Node 20, AsyncLocalStorage keeps the store as a symbol-keyed property of every promise made
 * while it is active, worker promises included, where `Object.getOwnPropertySymbols` finds it
 * (test/escape.test.ts found the context there). So the store is an inert token: an object without
 * prototype or properties, carrying the context in a private field that only `Carrier` can read.
 * (A WeakMap from token to context would do as well, but costs the collector an ephemeron per
 * call.) It is not frozen: freezing a prototype-less (dictionary-mode) object cost about 0.45 µs
 * a call, and the host reads only the private field, so whatever worker code adds to the token
 * stays its own.
 */
type Token = object;

/** Hands back the object it is given, so a subclass's private field lands on that object. */
class Adopt {
  constructor(target: object) {
    return target;
  }
}

class Carrier extends Adopt {
  readonly #context: InvocationContext;

  private constructor(target: object, context: InvocationContext) {
    super(target);
    this.#context = context;
  }

  static token(context: InvocationContext): Token {
    return new Carrier(Object.create(null) as object, context);
  }

  static read(token: Token | undefined): InvocationContext | undefined {
    return token !== undefined && #context in token ? (token as Carrier).#context : undefined;
  }
}

const storage = new AsyncLocalStorage<Token>();

export function runInvocation<T>(context: InvocationContext, fn: () => T): T {
  return storage.run(Carrier.token(context), fn);
}

export function currentInvocation(): InvocationContext | undefined {
  return Carrier.read(storage.getStore());
}
