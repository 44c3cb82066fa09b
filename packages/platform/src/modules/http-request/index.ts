/**
 * Built-in module `http-request` (spec §10, decisions 9, 21–25), realm side: validates the worker's
 * arguments, hands the sub-request to the host (host/: network, limits, host policy, trace) and
 * builds the HttpResponse from what the host delivers. Every value it returns, resolves or rejects
 * with belongs to the realm that evaluated this module.
 */
import { describeValue } from '../../errors.ts';
import { awaitTicket, host } from '../../realm/host-link.ts';
import { cancel as cancelOutgoing, registerOutgoing } from '../../realm/outgoing.ts';
import { JSONParse, JSONStringify, PromiseThen } from '../../realm/primordials.ts';
import { isPrimitive } from '../shared/header-rules.ts';
import { NoInvocationError, rebuildSubrequestError } from './errors.ts';
import type { RequestBodyKind, ResponseHead } from './host-api.ts';
import { readOptions } from './options.ts';
import { requestBodyStream } from './request-body.ts';
import { HttpResponse } from './response.ts';

export { HttpResponse, responseSource } from './response.ts';
export * from './errors.ts';
export { SUBREQUEST_METHODS, type SubrequestMethod } from './options.ts';
export type { SubrequestHost, ResponseHead, RequestBodyKind } from './host-api.ts';

interface Call {
  url: string;
  method: string;
  headers: string;
  bodyKind: RequestBodyKind;
  body: string | number;
  timeoutMs: number;
}

function readCall(input: unknown, options: unknown): Call {
  if (!isPrimitive(input)) throw new TypeError(`httpRequest(): url must be a string; got ${describeValue(input)}`);
  const plan = readOptions(options);
  const flat: string[] = [];
  for (const [name, value] of plan.headers) flat.push(name, value);
  const call: Call = {
    url: String(input), method: plan.method, headers: flat.length === 0 ? '' : JSONStringify(flat), bodyKind: 'none', body: '', timeoutMs: plan.timeoutMs ?? 0,
  };
  if (typeof plan.body === 'string') {
    call.bodyKind = 'text';
    call.body = plan.body;
  } else if (plan.body !== undefined) {
    call.bodyKind = 'stream';
    call.body = registerOutgoing(requestBodyStream(plan.body), 'httpRequest(): options.body');
  }
  return call;
}

function toResponse(delivered: unknown): HttpResponse {
  const head = JSONParse(String(delivered)) as ResponseHead;
  return new HttpResponse(head);
}

function toRealmError(error: unknown): never {
  throw rebuildSubrequestError(error);
}

/** `httpRequest(url, { method, headers, body, timeout })`; throws when no handler is running. */
export function httpRequest(url: string, options?: unknown): Promise<HttpResponse> {
  const door = host();
  let call: Call;
  try {
    call = readCall(url, options);
  } catch (error) {
    if (!door.subrequestActive()) throw new NoInvocationError('httpRequest()');
    // Invalid arguments reject, as they did when this was an async function.
    return Promise.reject(error);
  }
  let ticket: number;
  try {
    ticket = door.subrequestStart(call.url, call.method, call.headers, call.bodyKind, call.body, call.timeoutMs);
  } catch (thrown) {
    if (call.bodyKind === 'stream') cancelOutgoing(call.body as number, 'the sub-request did not start');
    const error = rebuildSubrequestError(thrown);
    if (error instanceof NoInvocationError) throw error;
    return Promise.reject(error);
  }
  return PromiseThen(awaitTicket(ticket), toResponse, toRealmError) as Promise<HttpResponse>;
}
