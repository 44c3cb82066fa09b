/**
 * What crosses the door for one handler call, as JSON text: the host encodes the request's facts
 * (RequestFactsWire) and the call's own parts (CallWire) from its request state, the realm builds
 * the handler's objects from them, and answers with a HandlerOutcome
 * that carries back what the handler changed (spec §2.2): a part it may not change, or did not, is
 * left out, and the host keeps its own. Text is the only thing the host reads from the realm, so no
 * getter, thenable or prototype of the worker's can act on the host.
 */
import type { CacheKeyPolicy, RequestBodyUse, RequestState, RouteState } from '../objects/state.ts';

/** Header lines flattened: [name, value, name, value, ...]. */
export type FlatHeaders = string[];

/**
 * What stays the same for every handler call of one request. The host writes it once per request
 * and the realm parses it once per text (both keep it while the request lasts), so a request's
 * four or five calls pay for it once.
 */
export type RequestFactsWire = Pick<RequestState, 'method' | 'scheme' | 'host' | 'path' | 'query' | 'cpCode' | 'clientIp'> & {
  sensitiveVariables: string[] | null;
  /** Field values as typed (lists as arrays), absent fields left out; null without the entitlement (decisions 3). */
  userLocation: Record<string, string | string[]> | null;
  device: Record<string, string | number | boolean> | null;
};

/** What one handler call needs besides the request's facts: the request's changing parts and the call's limits. */
export interface CallWire {
  handler: string;
  /** The headers as they are now. (The original headers stay on the host: only the cache key reads them.) */
  headers: FlatHeaders;
  variables: Array<[string, string]>;
  /** Sent to a handler that can route (onClientRequest), null to the others, which never read it. */
  route: RouteState | null;
  /** Sent to a handler with a cache key (onClientRequest), null to the others. */
  cacheKeyPolicy: CacheKeyPolicy | null;
  botSegment: RequestState['botSegment'] | null;
  bodyUse: RequestBodyUse | null;
  /** The host byte source of the client body (responseProvider), or 0 for none. */
  bodySource: number;
  response: { status: number; headers: FlatHeaders } | null;
  variableBudget: number;
  respondWithBodyChars: number;
  requestBufferedBodyBytes: number | null;
  requestBodyStreamBytes: number | null;
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
}

export interface HandlerOutcome {
  ok: boolean;
  error: ErrorWire | undefined;
  result: ResultWire | undefined;
  /** What any other handler returned, as JSON text when it has a JSON form (the trace, tests). */
  value: string | undefined;
  /** The request's parts the handler changed; each is left out when unchanged (or not the handler's to change). */
  request: RequestChanges;
  /** The response's status, and its headers when the handler changed them. */
  response: { status: number; headers: FlatHeaders | undefined } | undefined;
  respondWith: RespondWithWire | undefined;
  warnings: string[];
}

export interface RequestChanges {
  headers: FlatHeaders | undefined;
  variables: Array<[string, string]> | undefined;
  route: RouteState | undefined;
  cacheKeyPolicy: CacheKeyPolicy | undefined;
  bodyUse: RequestBodyUse | undefined;
}
