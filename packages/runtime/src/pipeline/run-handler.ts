/**
 * Runs one event handler with everything that wraps it (docs/style.md habit 2): the bypass
 * variable, the unimplemented check, the invocation context built-in modules read (limits,
 * dispatcher, host policy, sub-request and log sinks), the trace record with header and variable
 * changes, and the report the debug headers print. Stages call this and only decide what the result
 * means.
 */
import {
  HANDLERS, HeaderList, objectInvocationFor,
  type HandlerName, type HostPolicy, type InvocationContext, type LogEntry, type RequestState, type RespondWithRecord, type ResponseState,
} from '@weft/platform';
import { applyOutcome, type HandlerCallInput } from '../sandbox/handler-wire.ts';
import type { InvocationOutcome } from '../sandbox/types.ts';
import { atLeast, logCapture } from '../trace/log-capture.ts';
import type { HeaderChange, VariableChange } from '../trace/schema.ts';
import type { Exchange, PipelineResponse } from './exchange.ts';
import { isBypassed } from './methods.ts';
import { handlerFailureResponse } from './failure.ts';

export type HandlerRun =
  | { ran: false; reason: 'bypassed' | 'unimplemented' }
  | { ran: true; outcome: InvocationOutcome; respondWith: RespondWithRecord | undefined; failed: boolean };

/** Header lines (HeaderList.toRaw) are compared first, and turned into a diff only when they changed. */
function sameLines(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grouped(flat: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < flat.length; i += 2) {
    const name = (flat[i] as string).toLowerCase();
    const values = out.get(name);
    if (values === undefined) out.set(name, [flat[i + 1] as string]);
    else values.push(flat[i + 1] as string);
  }
  return out;
}

function diffHeaders(beforeLines: string[], afterLines: string[]): HeaderChange[] {
  if (sameLines(beforeLines, afterLines)) return [];
  const before = grouped(beforeLines);
  const after = grouped(afterLines);
  const changes: HeaderChange[] = [];
  for (const [name, a] of before) {
    const b = after.get(name) ?? [];
    if (a.length !== b.length || a.some((value, i) => value !== b[i])) changes.push({ name, before: a, after: b });
  }
  for (const [name, b] of after) if (!before.has(name)) changes.push({ name, before: [], after: b });
  return changes;
}

function diffVariables(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): VariableChange[] {
  const changes: VariableChange[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(name) !== after.get(name)) changes.push({ name, before: before.get(name), after: after.get(name) });
  }
  return changes;
}

const hostMaps = new WeakMap<object, ReadonlyMap<string, string>>();

function hostMap(hosts: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  let map = hostMaps.get(hosts);
  if (map === undefined) {
    map = new Map(Object.entries(hosts).map(([host, url]) => [host.toLowerCase(), url]));
    hostMaps.set(hosts, map);
  }
  return map;
}

const hostPolicies = new WeakMap<Exchange, HostPolicy>();

/** One host policy per request: the handlers of a request share scheme, host and host map. */
function hostPolicy(ex: Exchange): HostPolicy {
  let policy = hostPolicies.get(ex);
  if (policy === undefined) {
    const { options } = ex.services;
    policy = { requestScheme: ex.request.scheme === 'https' ? 'https' : 'http', requestHost: ex.request.host, hosts: hostMap(options.hosts), defaultOrigin: options.origin };
    hostPolicies.set(ex, policy);
  }
  return policy;
}

function debugLog(ex: Exchange, name: HandlerName, entry: LogEntry): void {
  if (!ex.debug.logging.enabled) return;
  const list = ex.logs.get(name) ?? [];
  list.push(entry);
  ex.logs.set(name, list);
}

function invocationContext(ex: Exchange, name: HandlerName): InvocationContext {
  const { services } = ex;
  const capture = logCapture(ex.sandbox.info.logLevel, ex.debug.logging);
  return {
    handler: HANDLERS[name],
    limits: services.limits,
    dispatcher: services.dispatcher,
    hostPolicy: hostPolicy(ex),
    now: services.now,
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest: (record) => {
      ex.trace.subrequest(name, record);
      const index = ex.subrequests.findIndex((s) => s.handler === name && s.record.id === record.id);
      if (index === -1) ex.subrequests.push({ handler: name, record: { ...record } });
      else ex.subrequests[index] = { handler: name, record: { ...record } };
    },
    logging: capture.logging,
    onLog: (entry) => {
      // Decision 34: the trace keeps the configured levels whatever the headers; the debug log
      // headers (§16) filter this list by what the request asked for (debug/apply.ts).
      if (atLeast(entry.level, capture.traced)) ex.trace.log(name, entry);
      debugLog(ex, name, entry);
    },
    onReport: (report) => {
      // The trace shows a report as the stage's error or warning, not as a log line; the debug
      // headers show the line the edge would log for it.
      ex.trace.report(name, report);
      debugLog(ex, name, report.log);
    },
  };
}

export interface HandlerCall {
  name: HandlerName;
  /** The request state this handler's request object views. */
  state: RequestState;
  response?: ResponseState | undefined;
  /** The host byte source of the client body (responseProvider), 0 for none. */
  bodySource?: number;
}

export async function runHandler(ex: Exchange, call: HandlerCall): Promise<HandlerRun> {
  const { name, state } = call;
  const facts = HANDLERS[name];
  const bypassed = isBypassed(state.variables, facts.bypassVariable);
  // A bundle that failed to load or initialise fails every handler with its status (§2.6), exported or not.
  const unimplemented = !bypassed && ex.sandbox.failure === undefined && !ex.sandbox.has(name);
  // A profiled request's profile starts with its first handler that runs, before the stage's
  // start time, so the timeline shows the profiler's start-up as the gap before it.
  if (ex.profiler !== undefined && !bypassed && !unimplemented) await ex.profiler.start();
  const startMs = ex.trace.elapsed();
  if (bypassed) {
    ex.trace.stage({ stage: name, kind: 'handler', status: 'Bypassed', startMs, wallMs: 0, note: `${facts.bypassVariable}=true` });
    return { ran: false, reason: 'bypassed' };
  }
  if (unimplemented) {
    ex.trace.stage({ stage: name, kind: 'handler', status: 'UnimplementedEventHandler', startMs, wallMs: 0 });
    ex.reports.set(name, { status: 'UnimplementedEventHandler', wallMs: 0, cpuMs: 0, initWallMs: 0, initCpuMs: 0, memoryBytes: 0 });
    return { ran: false, reason: 'unimplemented' };
  }
  const warn = (message: string): void => ex.trace.warn('platform', message, name);
  const input: HandlerCallInput = { state, response: call.response, invocation: objectInvocationFor(facts, ex.services.limits), bodySource: call.bodySource ?? 0 };
  const outcome = await ex.sandbox.invoke(name, input, invocationContext(ex, name), { requestId: ex.requestId, now: ex.simulation.now });
  const changes = outcome.changes;
  // The host's state is as it was until the handler's changes are applied: the trace's before-and-
  // after lists are taken only for the parts the handler reported changed (only those a handler may
  // change are ever reported, §2.2).
  const headersBefore = changes?.request.headers === undefined ? undefined : state.headers.toRaw();
  const variablesBefore = changes?.request.variables === undefined ? undefined : new Map(state.variables);
  const responseBefore = call.response === undefined || changes?.response?.headers === undefined ? undefined : call.response.headers.toRaw();
  if (changes !== undefined) {
    applyOutcome(changes, input);
    for (const message of changes.warnings) warn(message);
  }
  const reported = outcome.status === 'Success' ? outcome.changes?.respondWith : undefined;
  const respondWith: RespondWithRecord | undefined = reported === undefined ? undefined : { ...reported, headers: HeaderList.fromRaw(reported.headers) };
  for (const message of respondWith?.warnings ?? []) warn(message);
  ex.trace.stage({
    stage: name,
    kind: 'handler',
    status: outcome.status,
    startMs,
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    initWallMs: outcome.initWallMs,
    initCpuMs: outcome.initCpuMs,
    memoryBytes: outcome.memoryBytes,
    requestHeaderChanges: headersBefore === undefined ? [] : diffHeaders(headersBefore, state.headers.toRaw()),
    responseHeaderChanges: call.response === undefined || responseBefore === undefined ? [] : diffHeaders(responseBefore, call.response.headers.toRaw()),
    variableChanges: variablesBefore === undefined ? [] : diffVariables(variablesBefore, state.variables),
    ...(respondWith === undefined ? {} : { responded: respondWith.denyReason === undefined ? { status: respondWith.status } : { status: respondWith.status, denyReason: respondWith.denyReason } }),
    ...(name === 'onClientRequest' && Object.keys(state.route).length > 0 ? { route: { ...state.route } } : {}),
    ...(outcome.error === undefined ? {} : { error: { name: outcome.error.name, message: outcome.error.message, frames: outcome.error.frames, stack: outcome.error.stack } }),
  });
  ex.reports.set(name, {
    status: outcome.status,
    error: outcome.error,
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    initWallMs: outcome.initWallMs,
    initCpuMs: outcome.initCpuMs,
    memoryBytes: outcome.memoryBytes,
  });
  return { ran: true, outcome, respondWith, failed: outcome.status !== 'Success' };
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
