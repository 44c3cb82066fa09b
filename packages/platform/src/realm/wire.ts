/**
 * What crosses the door for one handler call: the host encodes the request's facts and the call's
 * own parts (CallArgs) from its request state, the realm builds
 * the handler's objects from them, and answers with a HandlerOutcome
 * that carries back what the handler changed (spec §2.2): a part it may not change, or did not, is
 * left out, and the host keeps its own. Text is the only thing the host reads from the realm, so no
 * getter, thenable or prototype of the worker's can act on the host.
 */
import type { CacheKeyPolicy, RequestBodyUse, RequestState, RouteState } from '../objects/state.ts';

/** Header lines flattened: [name, value, name, value, ...]. */
export type FlatHeaders = string[];

/**
 * A handler call's arguments after its call id and handler name, as the kernel's `invoke` takes
 * them: primitives, so the common parts cross without JSON. The request's facts go as they are
 * (writing them as one JSON text and parsing it again cost about 1.4 µs a request); header lists go
 * as header text (header-text.ts); the geo and device records, which few handlers read, as JSON
 * the realm parses on first read. -1 stands for "none" in the numbers.
 */
export type CallArgs = [
  method: string,
  scheme: string,
  host: string,
  path: string,
  query: string,
  cpCode: number,
  clientIp: string,
  /** The names of the sensitive variables as a JSON list, or '' for none. */
  sensitiveVariables: string,
  /** The user location as JSON: field values as typed (lists as arrays), absent fields left out; 'null' without the entitlement (decisions 3). */
  userLocation: string,
  /** The device record as JSON, as userLocation. */
  device: string,
  /** The request headers as they are now, as header text. (The original headers stay on the host: only its cache key reads them.) */
  headers: string,
  /** The request's variables as JSON pairs, or '' for none. */
  variables: string,
  /** CallExtrasWire as JSON, or '' when it would be empty. */
  extras: string,
  /** The response's status (onOriginResponse, onClientResponse), or -1 for no response. */
  responseStatus: number,
  /** The response's headers as header text ('' with no response). */
  responseHeaders: string,
  /** The host byte source of the client body (responseProvider), or 0 for none. */
  bodySource: number,
  variableBudget: number,
  respondWithBodyChars: number,
  requestBufferedBodyBytes: number,
  requestBodyStreamBytes: number,
];

/** The call's rarer parts; each is left out when absent. */
export interface CallExtrasWire {
  /** Sent to a handler that can route (onClientRequest); the others never read it. */
  route?: RouteState;
  /** Sent to a handler with a cache key (onClientRequest). */
  cacheKeyPolicy?: CacheKeyPolicy;
  botSegment?: NonNullable<RequestState['botSegment']>;
  bodyUse?: RequestBodyUse;
}

export interface RespondWithWire {
  status: number;
  headers: FlatHeaders;
  body: string;
  denyReason: string | undefined;
  warnings: string[];
}

/** What a responseProvider resolved to (decision 28). */
export type ResultWire =
  | { kind: 'created'; status: number; headers: Array<[string, string]>; text: string | undefined; stream: number; denyReason: string | undefined }
  | { kind: 'other'; description: string };

export interface ErrorWire {
  name: string;
  message: string;
  /** The stack as the worker's realm formats it (already in bundle positions), when there is one. */
  stack: string | undefined;
  /** The whole stack, platform and host frames included, for the trace only (stack-view.ts); absent when it is `stack`. */
  hostStack?: string | undefined;
}

/**
 * The compact form of a HandlerOutcome, for a call that succeeded, returned nothing, warned of
 * nothing and changed at most its header lists and the response status (most calls): three fields
 * after a leading separator, `<request headers><sep><response status><sep><response headers>`,
 * where a header field is '-' (unchanged) or '+' and header text, and the status is '' with no
 * response. Any other outcome is JSON, which never starts with the separator.
 */
export const COMPACT_SEPARATOR = '\u0000';

export interface HandlerOutcome {
  ok: boolean;
  error: ErrorWire | undefined;
  result: ResultWire | undefined;
  /** What any other handler returned, as JSON text when it has a JSON form (the trace, tests). */
  value: string | undefined;
  /** The request's parts the handler changed; each is left out when unchanged (or not the handler's to change). */
  request: RequestChanges;
  /** The response's status, and its headers (as header text) when the handler changed them. */
  response: { status: number; headers: string | undefined } | undefined;
  respondWith: RespondWithWire | undefined;
  warnings: string[];
}

export interface RequestChanges {
  /** The request headers as header text (header-text.ts). */
  headers: string | undefined;
  variables: Array<[string, string]> | undefined;
  route: RouteState | undefined;
  cacheKeyPolicy: CacheKeyPolicy | undefined;
  bodyUse: RequestBodyUse | undefined;
}
