/**
 * What a handler did, read back from the state its request and response objects changed: the
 * respondWith call, header and variable changes, route, cache key, the response it changed or
 * (responseProvider) the createResponse() result, with the sub-requests and log lines.
 */
import {
  buildCacheKey, readCreatedResponse, type Destination, type HandlerName, type LogEntry,
  type RequestState, type RespondWithRecord, type ResponseState,
} from '@weft/platform';
import { diffVariables, type HeaderChange, type VariableChange } from '@weft/runtime';
import type { RecordedSubrequest } from '../subrequests/recorded.ts';
import type { ResponseHandlerName } from './handler-name.ts';

export type { HeaderChange, VariableChange };

export interface RespondedWith {
  status: number;
  headers: Record<string, string[]>;
  body: string;
  /** Kept for status 403 only (spec §3.4). */
  denyReason: string | undefined;
}

export interface RequestOutcome {
  /** The request headers after the handler, names in lower case. */
  headers: Record<string, string[]>;
  headerChanges: HeaderChange[];
  variables: Record<string, string>;
  variableChanges: VariableChange[];
  /** What request.route() set; undefined when it was not called. */
  route: Destination | undefined;
  /** The cache key as `X-True-Cache-Key` shows it (decision 32), after any cacheKey calls. */
  cacheKey: string;
}

/** onOriginResponse and onClientResponse: the response object after the handler. */
export interface ResponseOutcome {
  status: number;
  headers: Record<string, string[]>;
  headerChanges: HeaderChange[];
}

/** responseProvider: the createResponse() result it resolved with. */
export interface ProvidedResponse {
  status: number;
  headers: Record<string, string[]>;
  denyReason: string | undefined;
  body: string | ReadableStream<Uint8Array>;
  /** Reads the body as text (a stream body can be read once). */
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
}

export type ResponseOf<H extends HandlerName> = H extends 'responseProvider' ? ProvidedResponse : H extends ResponseHandlerName ? ResponseOutcome : undefined;

export interface HandlerResult<H extends HandlerName = HandlerName> {
  handler: H;
  /** The last respondWith() call (the one the edge answers with, spec §3.4); undefined when none. */
  respondWith: RespondedWith | undefined;
  request: RequestOutcome;
  response: ResponseOf<H>;
  /** The sub-requests the handler sent while it ran, in order. */
  subrequests: RecordedSubrequest[];
  /** What the handler logged with `logger` (every level). */
  logs: LogEntry[];
  /** Things the platform accepts but does differently at the edge, e.g. a header it drops. */
  warnings: string[];
}

export function diffHeaders(before: Record<string, string[]>, after: Record<string, string[]>): HeaderChange[] {
  const changes: HeaderChange[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[name] ?? [];
    const now = after[name] ?? [];
    if (was.length !== now.length || was.some((value, i) => value !== now[i])) changes.push({ name, before: was, after: now });
  }
  return changes;
}

export function respondedWith(record: RespondWithRecord | undefined): RespondedWith | undefined {
  return record === undefined ? undefined : { status: record.status, headers: record.headers.getAll(), body: record.body, denyReason: record.denyReason };
}

export function requestOutcome(state: RequestState, headersBefore: Record<string, string[]>, variablesBefore: ReadonlyMap<string, string>): RequestOutcome {
  const headers = state.headers.getAll();
  return {
    headers,
    headerChanges: diffHeaders(headersBefore, headers),
    variables: Object.fromEntries(state.variables),
    variableChanges: diffVariables(variablesBefore, state.variables),
    route: Object.keys(state.route).length === 0 ? undefined : { ...state.route },
    cacheKey: buildCacheKey(state),
  };
}

export function responseOutcome(state: ResponseState, headersBefore: Record<string, string[]>): ResponseOutcome {
  const headers = state.headers.getAll();
  return { status: state.status, headers, headerChanges: diffHeaders(headersBefore, headers) };
}

async function readText(body: string | ReadableStream<Uint8Array>): Promise<string> {
  if (typeof body === 'string') return body;
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** The createResponse() result a responseProvider resolved with, or undefined for anything else. */
export function providedResponse(value: unknown): ProvidedResponse | undefined {
  const created = readCreatedResponse(value);
  if (created === undefined) return undefined;
  const headers: Record<string, string[]> = {};
  for (const [name, one] of created.headers) headers[name.toLowerCase()] = [...(headers[name.toLowerCase()] ?? []), one];
  const body = created.body as string | ReadableStream<Uint8Array>;
  return {
    status: created.status,
    headers,
    denyReason: created.denyReason,
    body,
    text: () => readText(body),
    json: async <T>() => JSON.parse(await readText(body)) as T,
  };
}
