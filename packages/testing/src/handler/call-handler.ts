/**
 * `callHandler` and `runHandler`: one event handler called directly with a request (and response)
 * from the factories, inside the invocation context the built-in modules read (handler facts,
 * limits, the sub-request dispatcher, log sink), as the runtime calls it, minus the sandbox: the
 * handler runs in the test's own realm, so Date is not frozen and no CPU limit applies.
 */
import { performance } from 'node:perf_hooks';
import {
  HANDLER_NAMES, HANDLERS, objectInvocationFor, resolveLimits, runInvocation,
  type HandlerName, type InvocationContext, type LogEntry, type Tier,
} from '@weft/platform';
import { z } from '@weft/runtime/zod';
import { TestingError } from '../errors.ts';
import { mockSubrequests, SubrequestMock, type RouteTable } from '../subrequests/mock.ts';
import { hint } from '../suggest.ts';
import { requestFor, requestRecord, responseFor, responseRecord, type RequestRecord, type ResponseRecord, type TestRequest, type TestResponse } from './factories.ts';
import { checkHandlerName, type ResponseHandlerName } from './handler-name.ts';
import { explainMemberError } from './member-rules.ts';
import { parseOptions, type RequestOptions, type ResponseOptions } from './options-schema.ts';
import { providedResponse, requestOutcome, respondedWith, responseOutcome, type HandlerResult, type ResponseOf } from './outcome.ts';
import { anyHosts } from './any-hosts.ts';

/** Any function: a handler typed against @types/akamai-edgeworkers is accepted as it is. */
export type HandlerFunction = (request: never, response: never) => unknown;

export interface CallOptions<H extends HandlerName = HandlerName> {
  /** The response object of onOriginResponse/onClientResponse; default a 200 with no headers. */
  response?: H extends ResponseHandlerName ? TestResponse<H> : never;
  /** Answers and records the handler's sub-requests: a mockSubrequests() or its route table. Default: none allowed. */
  subrequests?: SubrequestMock | RouteTable;
  /** The resource tier whose limits apply (variable budget, sub-request counts); default 200. */
  tier?: Tier;
}

const callOptionsSchema = z.strictObject({
  response: z.custom<object>((value) => typeof value === 'object' && value !== null, 'a response from responseFor()').optional(),
  subrequests: z.union([z.instanceof(SubrequestMock), z.record(z.string(), z.unknown())]).optional(),
  tier: z.union([z.literal(100), z.literal(200), z.literal(280)]).optional(),
});

function contextFor(record: RequestRecord, subrequests: SubrequestMock, tier: Tier, logs: LogEntry[], warnings: string[]): InvocationContext {
  const facts = HANDLERS[record.handler];
  return {
    handler: facts,
    limits: resolveLimits(tier),
    dispatcher: subrequests.dispatcher,
    hostPolicy: { requestScheme: record.state.scheme === 'http' ? 'http' : 'https', requestHost: record.state.host, hosts: anyHosts(), defaultOrigin: undefined },
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest: () => undefined,
    logging: { enabled: true, minLevel: 'trace' },
    onLog: (entry) => logs.push(entry),
    onReport: (report) => warnings.push(`${report.kind} ${report.code}: ${report.message}`),
  };
}

function checkPairing(fn: unknown, record: RequestRecord, response: ResponseRecord | undefined, where: string): void {
  if (typeof fn !== 'function') throw new TestingError(`${where}: the handler is ${fn === undefined ? 'undefined' : typeof fn}, not a function; does the worker export ${record.handler}?`);
  const named = HANDLER_NAMES.find((name) => name === fn.name);
  if (named !== undefined && named !== record.handler) {
    throw new TestingError(`${where}: ${named} was given the request object of ${record.handler}; make it with requestFor("${named}", ...)`);
  }
  if (response !== undefined && !HANDLERS[record.handler].hasResponse) {
    throw new TestingError(`${where}: ${record.handler} takes no response object (spec §2.1); leave \`response\` out`);
  }
  if (response !== undefined && response.handler !== record.handler) {
    throw new TestingError(`${where}: the response was made for ${response.handler}, the request for ${record.handler}; use responseFor("${record.handler}", ...)`);
  }
}

/**
 * Calls `fn` (a handler of the worker under test) with `request` and, for onOriginResponse and
 * onClientResponse, `options.response`; resolves with what the handler did. Rejects with the
 * handler's own error, explained when it used a member its handler lacks (HandlerMemberError), or
 * with UnmatchedSubrequestError when it sent a sub-request no route answers.
 */
export async function callHandler<H extends HandlerName>(fn: HandlerFunction, request: TestRequest<H>, options: CallOptions<H> = {}): Promise<HandlerResult<H>> {
  const where = 'callHandler';
  const parsed = parseOptions(callOptionsSchema, options, where);
  const record = requestRecord(request, where);
  const given = parsed.response === undefined ? undefined : responseRecord(parsed.response, where);
  checkPairing(fn, record, given, where);
  const response = given !== undefined || !HANDLERS[record.handler].hasResponse ? parsed.response : responseFor(record.handler as ResponseHandlerName);
  const responseState = response === undefined ? undefined : responseRecord(response, where).state;
  const owned = !(parsed.subrequests instanceof SubrequestMock);
  const subrequests = parsed.subrequests instanceof SubrequestMock ? parsed.subrequests : mockSubrequests((parsed.subrequests ?? {}) as RouteTable);
  const tier = parsed.tier ?? 200;
  Object.assign(record.invocation, objectInvocationFor(HANDLERS[record.handler], resolveLimits(tier)));
  // A request may be called again: each call is a fresh handler invocation (its own budget, respondWith).
  record.run.respondWith = undefined;
  record.run.variableCharsUsed = 0;
  record.respondWith.length = 0;
  record.warnings.length = 0;
  const logs: LogEntry[] = [];
  const warnings: string[] = [];
  const firstCall = subrequests.calls.length;
  const headersBefore = record.state.headers.getAll();
  const variablesBefore = new Map(record.state.variables);
  const responseHeadersBefore = responseState?.headers.getAll() ?? {};
  let returned: unknown;
  try {
    const call = fn as (request: unknown, response?: unknown) => unknown;
    returned = await runInvocation(contextFor(record, subrequests, tier, logs, warnings), () => (response === undefined ? call(request) : call(request, response)));
  } catch (error) {
    throw subrequests.failure() ?? explainMemberError(record.handler, error) ?? error;
  } finally {
    if (owned) await subrequests.close();
  }
  const failure = subrequests.failure();
  if (failure !== undefined) throw failure;
  let provided: ResponseOf<'responseProvider'> | undefined;
  if (record.handler === 'responseProvider') {
    provided = providedResponse(returned);
    if (provided === undefined) throw new TestingError(`responseProvider resolved to ${describeResult(returned)}, not a createResponse() result (decision 28); at the edge the request fails. Resolve with createResponse(...) from "create-response"`);
  }
  // The last respondWith() call is the one the edge answers with (spec §3.4).
  const last = record.respondWith.at(-1);
  return {
    handler: record.handler as H,
    respondWith: respondedWith(last),
    request: requestOutcome(record.state, headersBefore, variablesBefore),
    response: (provided ?? (responseState === undefined ? undefined : responseOutcome(responseState, responseHeadersBefore))) as ResponseOf<H>,
    subrequests: subrequests.calls.slice(firstCall),
    logs,
    warnings: [...record.warnings, ...(last?.warnings ?? []), ...(response === undefined ? [] : responseRecord(response, where).warnings), ...warnings],
  };
}

function describeResult(value: unknown): string {
  if (value === undefined) return 'undefined (did the handler forget to return?)';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}

export interface RunInit<H extends HandlerName> extends Omit<CallOptions<H>, 'response'> {
  /** The request: options for requestFor, or a request it made. */
  request?: RequestOptions | TestRequest<H>;
  /** The response (onOriginResponse, onClientResponse): options for responseFor, or a response it made. */
  response?: ResponseOptions | TestResponse;
}

/**
 * Calls the handler `name` that the worker module exports, building its request (and response)
 * from options when given options: `runHandler(worker, 'onClientRequest', { request: { url: '/' } })`.
 */
export async function runHandler<H extends HandlerName>(worker: object, name: H, init: RunInit<H> = {}): Promise<HandlerResult<H>> {
  const handler = checkHandlerName(name, 'runHandler');
  const fn: unknown = (worker as Record<string, unknown>)[handler];
  if (typeof fn !== 'function') {
    const exported = HANDLER_NAMES.filter((key) => typeof (worker as Record<string, unknown>)[key] === 'function');
    throw new TestingError(`runHandler: the worker module does not export ${handler}; it exports ${exported.length === 0 ? 'no handler' : exported.join(', ')}${exported.length === 0 ? '' : hint(handler, exported)}`);
  }
  const { request, response, ...rest } = init;
  const made = isMade(request) ? request : requestFor(handler, request as RequestOptions | undefined);
  const options: CallOptions<HandlerName> = { ...rest };
  if (response !== undefined) {
    options.response = (isMade(response) ? response : responseFor(handler as ResponseHandlerName, response as ResponseOptions)) as never;
  }
  return callHandler(fn as HandlerFunction, made as TestRequest<H>, options as CallOptions<H>);
}

/** Whether `value` is a request or response object (made by the factories), not an options object. */
function isMade(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype;
}
