/**
 * `requestFor` and `responseFor`: the request and response objects of a handler, made by the
 * platform's own factories (packages/platform/src/objects), so a test's handler sees exactly the
 * members, read-only properties and argument checks it sees under the runtime (spec §2.2, §3, §4).
 * What the objects change lands in state kept here, which `callHandler` reads back.
 */
import {
  createRequest, createResponseObject, HANDLERS, HeaderList, objectInvocationFor, resolveLimits,
  type HandlerName, type InvocationState, type ObjectInvocation, type RequestByHandler, type RequestState,
  type RespondWithRecord, type ResponseObject, type ResponseState,
} from '@weft/platform';
import { TestingError } from '../errors.ts';
import { checkHandlerName, checkResponseHandler, type ResponseHandlerName } from './handler-name.ts';
import { parseOptions, requestOptionsSchema, responseOptionsSchema, type RequestOptions, type ResponseOptions } from './options-schema.ts';
import { requestState } from './request-state.ts';

declare const handlerBrand: unique symbol;

/** The request object of handler `H`, as the runtime builds it; the brand lets `callHandler` type its result. */
export type TestRequest<H extends HandlerName = HandlerName> = RequestByHandler[H] & { readonly [handlerBrand]?: H };
/** The response object of onOriginResponse or onClientResponse. */
export type TestResponse<H extends ResponseHandlerName = ResponseHandlerName> = ResponseObject & { readonly [handlerBrand]?: H };

/** What a request object changes, and the invocation settings `callHandler` adjusts before each call. */
export interface RequestRecord {
  handler: HandlerName;
  state: RequestState;
  invocation: ObjectInvocation;
  run: InvocationState;
  respondWith: RespondWithRecord[];
  warnings: string[];
}

export interface ResponseRecord {
  handler: ResponseHandlerName;
  state: ResponseState;
  warnings: string[];
}

const requests = new WeakMap<object, RequestRecord>();
const responses = new WeakMap<object, ResponseRecord>();

/**
 * The request object handler `handler` receives, built from `options`: method, url (or path and
 * query), host, scheme, headers, cookies, location, device, clientIp, cpCode, variables, botSegment
 * (onBotSegmentAvailable) and body (responseProvider).
 */
export function requestFor<H extends HandlerName>(handler: H, options: RequestOptions = {}): TestRequest<H> {
  const name = checkHandlerName(handler, 'requestFor');
  const where = `requestFor("${name}")`;
  const state = requestState(name, parseOptions(requestOptionsSchema, options, where), where);
  const record: RequestRecord = {
    handler: name,
    state,
    run: { variableCharsUsed: 0, respondWith: undefined },
    respondWith: [],
    warnings: [],
    invocation: objectInvocationFor(HANDLERS[name], resolveLimits()),
  };
  record.invocation.state = record.run;
  record.invocation.onRespondWith = (call) => record.respondWith.push(call);
  record.invocation.onWarning = (message) => record.warnings.push(message);
  const request = createRequest(name, state, record.invocation);
  requests.set(request, record);
  return request as TestRequest<H>;
}

/** The response object of onOriginResponse or onClientResponse: `status` (default 200) and `headers`. */
export function responseFor<H extends ResponseHandlerName>(handler: H, options: ResponseOptions = {}): TestResponse<H> {
  const name = checkResponseHandler(handler, 'responseFor');
  const parsed = parseOptions(responseOptionsSchema, options, `responseFor("${name}")`);
  const record: ResponseRecord = { handler: name, state: { status: parsed.status ?? 200, headers: new HeaderList(parsed.headers ?? []) }, warnings: [] };
  const response = createResponseObject(record.state, { onWarning: (message) => record.warnings.push(message) });
  responses.set(response, record);
  return response as TestResponse<H>;
}

export function requestRecord(request: unknown, where: string): RequestRecord {
  const record = typeof request === 'object' && request !== null ? requests.get(request) : undefined;
  if (record === undefined) throw new TestingError(`${where}: the request must come from requestFor("<handler>", options); got ${describe(request)}`);
  return record;
}

export function responseRecord(response: unknown, where: string): ResponseRecord {
  const record = typeof response === 'object' && response !== null ? responses.get(response) : undefined;
  if (record === undefined) throw new TestingError(`${where}: the response must come from responseFor("<handler>", options); got ${describe(response)}`);
  return record;
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? 'another object' : typeof value;
}
