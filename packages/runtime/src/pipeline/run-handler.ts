/**
 * Runs one event handler with everything that wraps it (docs/style.md habit 2): the bypass
 * variable, the unimplemented check, the invocation context built-in modules read (limits,
 * dispatcher, host policy, sub-request and log sinks), the trace record with header and variable
 * changes, and the report the debug headers print. Stages call this and only decide what the result
 * means.
 */
import type { Dispatcher } from 'undici';
import {
  HANDLERS, HeaderList, objectInvocationFor,
  type HandlerFacts, type HandlerName, type HostPolicy, type InvocationContext, type Limits, type LogEntry, type LogLevel, type RequestState, type RespondWithRecord, type ResponseState,
  type SubrequestRecord, type SubWorkerCaller, type WorkerReport,
} from '@weft/platform';
import { applyOutcome, headerText, type HandlerCallInput } from '../sandbox/handler-wire.ts';
import { deferHeaderChanges } from '../trace/header-changes.ts';
import type { InvocationOutcome } from '../sandbox/types.ts';
import { atLeast, logCapture } from '../trace/log-capture.ts';
import type { StageRecord } from '../trace/schema.ts';
import { diffVariables } from '../trace/variable-changes.ts';
import type { HandlerReport } from '../debug/info-header.ts';
import type { Exchange, PipelineResponse } from './exchange.ts';
import { isBypassed } from './methods.ts';
import { discardBody } from './body.ts';
import { andThen, type Eventually } from './eventually.ts';
import { handlerFailureResponse } from './failure.ts';

export type HandlerRun =
  | { ran: false; reason: 'bypassed' | 'unimplemented' }
  | { ran: true; outcome: InvocationOutcome; respondWith: RespondWithRecord | undefined; failed: boolean; context: InvocationContext };

const hostMaps = new WeakMap<object, ReadonlyMap<string, string>>();

function hostMap(hosts: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  let map = hostMaps.get(hosts);
  if (map === undefined) {
    map = new Map(Object.entries(hosts).map(([host, url]) => [host.toLowerCase(), url]));
    hostMaps.set(hosts, map);
  }
  return map;
}

/** The request's place in a subWorker tree, for the subWorker calls its handlers make (platform §20). */
function subWorkerCaller(ex: Exchange, apps: ReadonlyMap<string, string>): SubWorkerCaller {
  const traceId = ex.trace.trace.id;
  return { apps, traceId, rootId: ex.subWorker?.rootId ?? traceId, depth: ex.subWorker?.depth ?? 0, tree: ex.subWorker?.tree, debug: ex.debug.subWorkers };
}

/**
 * One host policy per request: the handlers of a request share scheme, host and host map. Kept on
 * the exchange, not in a WeakMap keyed by it (an ephemeron per request for the collector).
 */
function hostPolicy(ex: Exchange): HostPolicy {
  let policy = ex.hostPolicy;
  if (policy === undefined) {
    const { options, subrequestCache } = ex.services;
    policy = { requestScheme: ex.request.scheme === 'https' ? 'https' : 'http', requestHost: ex.request.host, hosts: hostMap(options.hosts), defaultOrigin: options.origin, cache: subrequestCache };
    // Only an app with subWorker hosts pays for the caller's facts.
    const apps = hostMap(options.subWorkers);
    if (apps.size > 0) policy.subWorkers = subWorkerCaller(ex, apps);
    ex.hostPolicy = policy;
  }
  return policy;
}

function debugLog(ex: Exchange, name: HandlerName, entry: LogEntry): void {
  if (!ex.debug.logging.enabled) return;
  const list = ex.logs.get(name) ?? [];
  list.push(entry);
  ex.logs.set(name, list);
}

/**
 * What built-in modules read of the handler call under way (InvocationContext), as a class: its
 * callbacks are methods, so a call allocates one object, not a closure per callback.
 */
class HandlerInvocation implements InvocationContext {
  readonly handler: HandlerFacts;
  readonly limits: Limits;
  readonly dispatcher: Dispatcher;
  readonly hostPolicy: HostPolicy;
  readonly now: () => number;
  readonly logging: InvocationContext['logging'];
  frozenTime?: number;
  sandboxCall?: object;
  readonly #ex: Exchange;
  readonly #name: HandlerName;
  readonly #traced: LogLevel;
  #subrequests: InvocationContext['subrequests'] | undefined;

  /** The call's sub-request slots, made when its first sub-request asks (most calls make none). */
  get subrequests(): InvocationContext['subrequests'] {
    return (this.#subrequests ??= { started: 0, active: 0, waiting: [] });
  }

  constructor(ex: Exchange, name: HandlerName) {
    const { services } = ex;
    const capture = logCapture(ex.sandbox.info.logLevel, ex.debug.logging);
    this.handler = HANDLERS[name];
    this.limits = services.limits;
    this.dispatcher = services.dispatcher;
    this.hostPolicy = hostPolicy(ex);
    this.now = services.now;
    this.logging = capture.logging;
    this.#traced = capture.traced;
    this.#ex = ex;
    this.#name = name;
  }

  onSubrequest(record: SubrequestRecord): void {
    const ex = this.#ex;
    const name = this.#name;
    ex.trace.subrequest(name, record);
    const index = ex.subrequests.findIndex((s) => s.handler === name && s.record.id === record.id);
    if (index === -1) ex.subrequests.push({ handler: name, record: { ...record } });
    else ex.subrequests[index] = { handler: name, record: { ...record } };
  }

  onLog(entry: LogEntry): void {
    // Decision 34: the trace keeps the configured levels whatever the headers; the debug log
    // headers (§16) filter this list by what the request asked for (debug/apply.ts).
    if (atLeast(entry.level, this.#traced)) this.#ex.trace.log(this.#name, entry);
    debugLog(this.#ex, this.#name, entry);
  }

  onReport(report: WorkerReport): void {
    // The trace shows a report as the stage's error or warning, not as a log line; the debug
    // headers show the line the edge would log for it.
    this.#ex.trace.report(this.#name, report);
    debugLog(this.#ex, this.#name, report.log);
  }

  onPlan(json: string): void {
    this.#ex.trace.composition(this.#name, json);
  }
}

export interface HandlerCall {
  name: HandlerName;
  /** The request state this handler's request object views. */
  state: RequestState;
  response?: ResponseState | undefined;
  /** The host byte source of the client body (responseProvider), 0 for none. */
  bodySource?: number;
}

/** Only the debug info headers read a handler's report (debug/apply.ts): kept when the request asks for them. */
function keepReport(ex: Exchange, name: HandlerName, report: HandlerReport): void {
  if (ex.debug.infoFor.has(name)) ex.reports.set(name, report);
}

/**
 * Runs a handler; the result itself when it finished within its call (most do: they change
 * headers and return), otherwise its promise.
 */
export function runHandler(ex: Exchange, call: HandlerCall): Eventually<HandlerRun> {
  const { name, state } = call;
  const facts = HANDLERS[name];
  if (isBypassed(state.variables, facts.bypassVariable)) {
    ex.trace.stage({ stage: name, kind: 'handler', status: 'Bypassed', startMs: ex.trace.elapsed(), wallMs: 0, note: `${facts.bypassVariable}=true` });
    return { ran: false, reason: 'bypassed' };
  }
  // A bundle that failed to load or initialise fails every handler with its status (§2.6), exported or not.
  if (ex.sandbox.failure === undefined && !ex.sandbox.has(name)) {
    ex.trace.stage({ stage: name, kind: 'handler', status: 'UnimplementedEventHandler', startMs: ex.trace.elapsed(), wallMs: 0 });
    keepReport(ex, name, { status: 'UnimplementedEventHandler', wallMs: 0, cpuMs: 0, initWallMs: 0, initCpuMs: 0, memoryBytes: 0 });
    return { ran: false, reason: 'unimplemented' };
  }
  // A profiled request's profile starts with its first handler that runs, before the stage's
  // start time, so the timeline shows the profiler's start-up as the gap before it.
  const { profiler } = ex;
  return profiler === undefined ? invokeHandler(ex, call) : profiler.start().then(() => invokeHandler(ex, call));
}

/** Calls a handler that runs: the sandbox call, then what the pipeline keeps of it. */
function invokeHandler(ex: Exchange, call: HandlerCall): Eventually<HandlerRun> {
  const { name, state } = call;
  const facts = HANDLERS[name];
  const startMs = ex.trace.elapsed();
  const input: HandlerCallInput = { state, response: call.response, invocation: objectInvocationFor(facts, ex.services.limits), bodySource: call.bodySource ?? 0 };
  const context = new HandlerInvocation(ex, name);
  return andThen(ex.sandbox.invoke(name, input, context, { requestId: ex.requestId, now: ex.simulation.now }), (outcome) => concluded(ex, call, input, context, startMs, outcome));
}

/** What the pipeline keeps of a handler's outcome: its changes applied, its stage record and report written. */
function concluded(ex: Exchange, call: HandlerCall, input: HandlerCallInput, context: HandlerInvocation, startMs: number, outcome: InvocationOutcome): HandlerRun {
  const { name, state } = call;
  const changes = outcome.changes;
  // The host's state is as it was until the handler's changes are applied: the trace's before-and-
  // after lists are taken only for the parts the handler reported changed (only those a handler may
  // change are ever reported, §2.2).
  // The header lists as header texts (the ones that crossed the door): the trace diffs those.
  const requestTexts = changes?.request.headers === undefined ? undefined : { before: headerText(state.headers), after: changes.request.headers };
  const variablesBefore = changes?.request.variables === undefined ? undefined : new Map(state.variables);
  const responseTexts = call.response === undefined || changes?.response?.headers === undefined ? undefined : { before: headerText(call.response.headers), after: changes.response.headers };
  if (changes !== undefined) {
    applyOutcome(changes, input);
    for (const message of changes.warnings) ex.trace.warn('platform', message, name);
  }
  const reported = outcome.status === 'Success' ? outcome.changes?.respondWith : undefined;
  const respondWith: RespondWithRecord | undefined = reported === undefined ? undefined : { ...reported, headers: HeaderList.fromRaw(reported.headers) };
  for (const message of respondWith?.warnings ?? []) ex.trace.warn('platform', message, name);
  const record: StageRecord = {
    stage: name,
    kind: 'handler',
    status: outcome.status,
    startMs,
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    initWallMs: outcome.initWallMs,
    initCpuMs: outcome.initCpuMs,
    memoryBytes: outcome.memoryBytes,
    // Compared when the trace is read (settleHeaderChanges).
    requestHeaderChanges: [],
    responseHeaderChanges: [],
    variableChanges: variablesBefore === undefined ? [] : diffVariables(variablesBefore, state.variables),
  };
  if (respondWith !== undefined) record.responded = respondWith.denyReason === undefined ? { status: respondWith.status } : { status: respondWith.status, denyReason: respondWith.denyReason };
  if (name === 'onClientRequest' && Object.keys(state.route).length > 0) record.route = { ...state.route };
  if (outcome.error !== undefined) record.error = { name: outcome.error.name, message: outcome.error.message, frames: outcome.error.frames, stack: outcome.error.stack };
  deferHeaderChanges(record, requestTexts, responseTexts);
  ex.trace.stage(record);
  keepReport(ex, name, {
    status: outcome.status,
    error: outcome.error,
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    initWallMs: outcome.initWallMs,
    initCpuMs: outcome.initCpuMs,
    memoryBytes: outcome.memoryBytes,
  });
  return { ran: true, outcome, respondWith, failed: outcome.status !== 'Success', context };
}

/**
 * Runs a response handler (onOriginResponse, onClientResponse) on `response`: its status change is
 * kept, a failure handled, and a respondWith replaces the response, whose body is let go.
 */
export function runResponseHandler(ex: Exchange, name: 'onOriginResponse' | 'onClientResponse', request: RequestState, response: PipelineResponse): Eventually<void> {
  const state = { status: response.status, headers: response.headers };
  return andThen(runHandler(ex, { name, state: request, response: state }), (result) => {
    if (!result.ran) return;
    if (result.failed) return applyHandlerFailure(ex, name);
    response.status = state.status;
    if (result.respondWith !== undefined) {
      // The body is replaced: an origin's connection is released.
      discardBody(response.body);
      ex.response = respondWithResponse(result.respondWith);
    }
  });
}

/** A respondWith() record as the response the edge sends (§3.4). */
export function respondWithResponse(record: RespondWithRecord): PipelineResponse {
  return { status: record.status, headers: record.headers, body: record.body, source: 'respondWith', storable: false };
}

/**
 * A handler failed (§2.6): by default the request fails with the 500 page; under Continue on error
 * (decision 20) every handler but responseProvider is ignored, and a failed onClientRequest also
 * skips responseProvider.
 */
export function applyHandlerFailure(ex: Exchange, name: HandlerName): void {
  if (ex.services.options.continueOnError && name !== 'responseProvider') {
    ex.trace.warn('continue-on-error', `${name} failed; the request continues as if it had not run (Continue on error)`, name);
    if (name === 'onClientRequest') ex.skipResponseProvider = true;
    return;
  }
  ex.response = handlerFailureResponse(`weft.${ex.trace.trace.id}`);
  ex.final = true;
}
