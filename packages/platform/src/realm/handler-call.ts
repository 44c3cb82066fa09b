/**
 * One handler call inside the realm: the handler's request (and response) objects built from the
 * call's arguments (wire.ts CallArgs), the handler called, and what it changed sent back once it
 * settles, in the compact form or as a HandlerOutcome's JSON. The host only ever sees that text.
 */
import { describeValue } from '../errors.ts';
import { HANDLERS, type HandlerName } from '../handlers.ts';
import { readCreatedResponse } from '../modules/create-response/index.ts';
import { HeaderList } from '../objects/headerList.ts';
import { createRequest } from '../objects/request.ts';
import { createResponseObject } from '../objects/response.ts';
import { createInvocationState, defaultCacheKeyPolicy, type CacheKeyPolicy, type RequestBodyUse, type RequestState, type ResponseState, type RouteState } from '../objects/state.ts';
import { CallState, own } from './call-state.ts';
import { encodeWire } from './encode.ts';
import { host } from './host-link.ts';
import { registerOutgoing } from './outgoing.ts';
import { JSONParse, JSONStringify, ObjectFreeze, PromiseThen, ReflectApply, SafePromise, StringCtor, StringIndexOf } from './primordials.ts';
import { encodeHeaderText } from './header-text.ts';
import { hostStackOf } from './stack-view.ts';
import { COMPACT_SEPARATOR, type CallArgs, type CallExtrasWire, type ErrorWire, type HandlerOutcome, type RequestChanges, type ResultWire } from './wire.ts';

/** Whether the handler's variables differ from those it was given. */
function variablesChanged(given: ReadonlyArray<[string, string]>, now: Map<string, string>): boolean {
  if (given.length !== now.size) return true;
  for (const [name, value] of given) if (now.get(name) !== value) return true;
  return false;
}

function text(value: unknown, key: 'name' | 'message' | 'stack'): string | undefined {
  try {
    const field: unknown = (value as Record<string, unknown>)[key];
    return typeof field === 'string' ? field : undefined;
  } catch {
    return undefined;
  }
}

/** What a worker threw or rejected with, as strings (read here, in the worker's realm). */
export function describeError(thrown: unknown): ErrorWire {
  if ((typeof thrown === 'object' || typeof thrown === 'function') && thrown !== null) {
    const stack = text(thrown, 'stack');
    if (stack !== undefined) {
      const hostStack = hostStackOf(thrown);
      const error: ErrorWire = { name: text(thrown, 'name') ?? 'Error', message: text(thrown, 'message') ?? '', stack };
      if (hostStack !== undefined && hostStack !== stack) error.hostStack = hostStack;
      return error;
    }
  }
  let rendered: string;
  try {
    rendered = StringCtor(thrown);
  } catch {
    rendered = describeValue(thrown);
  }
  return { name: 'Error', message: `Uncaught ${rendered}`, stack: undefined };
}

function describeResult(value: unknown): ResultWire {
  const created = readCreatedResponse(value);
  if (created === undefined) return { kind: 'other', description: describeValue(value) };
  const isText = typeof created.body === 'string';
  return {
    kind: 'created', status: created.status, headers: created.headers, denyReason: created.denyReason,
    text: isText ? (created.body as string) : undefined,
    stream: isText ? 0 : registerOutgoing(created.body as Parameters<typeof registerOutgoing>[0], 'createResponse() body'),
  };
}

function jsonOf(value: unknown): string | undefined {
  try {
    // The handler's own value, as its realm's JSON renders it (its toJSON included).
    return JSONStringify(value);
  } catch {
    return undefined;
  }
}

interface Call {
  handler: HandlerName;
  /** The variables and body use the handler was given, to tell what it changed. */
  givenVariables: ReadonlyArray<[string, string]>;
  givenBodyUse: RequestBodyUse | undefined;
  state: RequestState;
  response: ResponseState | undefined;
  run: ReturnType<typeof createInvocationState>;
  warnings: string[];
  /** The change counts of the request's and response's header lists before the handler ran. */
  headersAt: number;
  responseHeadersAt: number;
  /** The route and cache-key policy as text before the handler ran ('' for a handler without them). */
  routeText: string;
  policyText: string;
}

/** The text of a route: the empty one (most handlers route nowhere) without writing it out. */
function routeText(route: RouteState): string {
  for (const _ in route) return encodeWire(route);
  return EMPTY_ROUTE_TEXT;
}

const EMPTY_ROUTE_TEXT = encodeWire({});
const DEFAULT_POLICY_TEXT = encodeWire(defaultCacheKeyPolicy());

/** The text of a cache-key policy: the default one (most requests keep it) without writing it out. */
function policyText(policy: CacheKeyPolicy): string {
  const unchanged = policy.query === 'include' && policy.queryArgs.length === 0 && policy.cookies.length === 0 && policy.headers.length === 0 && policy.variables.length === 0;
  return unchanged ? DEFAULT_POLICY_TEXT : encodeWire(policy);
}

/** What the handler changed of the request, each part only when the handler may change it and did. */
function requestChanges(call: Call): RequestChanges {
  const { state } = call;
  const facts = HANDLERS[call.handler];
  return {
    headers: facts.canMutateHeaders && state.headers.changes !== call.headersAt ? encodeHeaderText(state.headers.toRaw()) : undefined,
    variables: facts.canSetVariables && variablesChanged(call.givenVariables, state.variables) ? [...state.variables] : undefined,
    route: facts.canRoute && routeText(state.route) !== call.routeText ? state.route : undefined,
    cacheKeyPolicy: facts.hasCacheKey && policyText(state.cacheKeyPolicy) !== call.policyText ? state.cacheKeyPolicy : undefined,
    bodyUse: state.bodyUse === call.givenBodyUse ? undefined : state.bodyUse,
  };
}

/**
 * The compact outcome (wire.ts): a call that succeeded, returned nothing and changed at most header
 * lists and the response status, which is most calls. Undefined when the call needs the JSON form,
 * or when a header text holds the separator.
 */
function compactOutcome(request: RequestChanges, response: HandlerOutcome['response']): string | undefined {
  if (request.variables !== undefined || request.route !== undefined || request.cacheKeyPolicy !== undefined || request.bodyUse !== undefined) return undefined;
  const headers = request.headers;
  const responseHeaders = response?.headers;
  if ((headers !== undefined && StringIndexOf(headers, COMPACT_SEPARATOR, 0) !== -1) || (responseHeaders !== undefined && StringIndexOf(responseHeaders, COMPACT_SEPARATOR, 0) !== -1)) return undefined;
  return COMPACT_SEPARATOR + (headers === undefined ? '-' : `+${headers}`)
    + COMPACT_SEPARATOR + (response === undefined ? '' : StringCtor(response.status))
    + COMPACT_SEPARATOR + (responseHeaders === undefined ? '-' : `+${responseHeaders}`);
}

function outcome(call: Call, ok: boolean, value: unknown, error: unknown): string {
  const { response, run } = call;
  const record = run.respondWith;
  try {
    const request = requestChanges(call);
    const responseChanges = response === undefined ? undefined : { status: response.status, headers: response.headers.changes === call.responseHeadersAt ? undefined : encodeHeaderText(response.headers.toRaw()) };
    if (ok && value === undefined && record === undefined && call.warnings.length === 0 && call.handler !== 'responseProvider') {
      const compact = compactOutcome(request, responseChanges);
      if (compact !== undefined) return compact;
    }
    const result: HandlerOutcome = {
      ok,
      error: ok ? undefined : describeError(error),
      result: ok && call.handler === 'responseProvider' ? describeResult(value) : undefined,
      value: ok && call.handler !== 'responseProvider' && value !== undefined ? jsonOf(value) : undefined,
      request,
      response: responseChanges,
      respondWith: record === undefined ? undefined : { status: record.status, headers: record.headers.toRaw(), body: record.body, denyReason: record.denyReason, warnings: record.warnings },
      warnings: call.warnings,
    };
    return encodeWire(result);
  } catch (failure) {
    // A worker can still break its own realm deeply enough (a throwing iterator); its call fails, nothing else.
    return encodeWire({ ok: false, error: describeError(failure), warnings: [] });
  }
}

const NO_EXTRAS: CallExtrasWire = ObjectFreeze({ __proto__: null }) as CallExtrasWire;
const NO_VARIABLES: ReadonlyArray<[string, string]> = ObjectFreeze([]) as ReadonlyArray<[string, string]>;

/** -1 (none) as undefined. */
function limit(value: number): number | undefined {
  return value < 0 ? undefined : value;
}

/**
 * Calls `fn` for handler `name` with the call's arguments (wire.ts CallArgs); returns the outcome
 * JSON when the handler finished synchronously, or '' when it returned a thenable (the outcome then
 * goes to the host's `settled(callId, ...)`).
 */
export function invokeHandler(fn: (...args: unknown[]) => unknown, callId: number, name: HandlerName, wire: CallArgs): string {
  // By index, not destructuring: array destructuring runs the (patchable) array iterator.
  const variablesJson = wire[11];
  const extrasJson = wire[12];
  const responseStatus = wire[13];
  const variables = variablesJson === '' ? NO_VARIABLES : (JSONParse(variablesJson) as Array<[string, string]>);
  const extras = extrasJson === '' ? NO_EXTRAS : (JSONParse(extrasJson) as CallExtrasWire);
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const state = new CallState(wire, variables as Array<[string, string]>, extras);
  const run = createInvocationState();
  const request = createRequest(name, state, {
    variableBudget: wire[16],
    respondWithBodyChars: wire[17],
    requestBufferedBodyBytes: limit(wire[18]),
    requestBodyStreamBytes: limit(wire[19]),
    state: run,
    onWarning: warn,
  });
  const response: ResponseState | undefined = responseStatus < 0 ? undefined : { status: responseStatus, headers: HeaderList.fromText(wire[14]) };
  const args: unknown[] = response === undefined ? [request] : [request, createResponseObject(response, { onWarning: warn })];
  const call: Call = {
    handler: name, givenVariables: variables, givenBodyUse: own(extras, 'bodyUse'), state, response, run, warnings,
    headersAt: state.headers.changes, responseHeadersAt: response?.headers.changes ?? 0,
    routeText: HANDLERS[name].canRoute ? routeText(state.route) : '',
    policyText: HANDLERS[name].hasCacheKey ? policyText(state.cacheKeyPolicy) : '',
  };
  let value: unknown;
  try {
    value = ReflectApply(fn, undefined, args);
  } catch (error) {
    return outcome(call, false, undefined, error);
  }
  const thenable = (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
  if (!thenable) return outcome(call, true, value, undefined);
  // Resolved as `await` would (a thenable's own `then` runs), through the captured Promise.
  const settled = new SafePromise<unknown>((resolve) => resolve(value));
  PromiseThen(settled, (resolved: unknown) => host().settled(callId, outcome(call, true, resolved, undefined)), (error: unknown) => host().settled(callId, outcome(call, false, undefined, error)));
  return '';
}
