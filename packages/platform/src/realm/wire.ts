/**
 * What crosses the door for one handler call, as JSON text: the host encodes a HandlerInput from its
 * request state, the realm builds the handler's objects from it, and answers with a HandlerOutcome
 * that carries back everything the handler may have changed (spec §2.2). Text is the only thing the
 * host reads from the realm, so no getter, thenable or prototype of the worker's can act on the host.
 */
import type { CacheKeyPolicy, RequestBodyUse, RequestState, RouteState } from '../objects/state.ts';

/** Header lines flattened: [name, value, name, value, ...]. */
export type FlatHeaders = string[];

/** The request state as text: its plain fields as they are, the structured ones flattened. */
export type RequestWire = Pick<RequestState, 'method' | 'scheme' | 'host' | 'path' | 'query' | 'cpCode' | 'clientIp' | 'route' | 'cacheKeyPolicy' | 'botSegment' | 'bodyUse'> & {
  headers: FlatHeaders;
  originalHeaders: FlatHeaders;
  variables: Array<[string, string]>;
  sensitiveVariables: string[] | undefined;
  /** Field values as typed (lists as arrays); null without the entitlement (decisions 3). */
  userLocation: Record<string, string | string[]> | null;
  device: Record<string, string | number | boolean> | null;
  /** The host byte source of the client body (responseProvider), or 0 for none. */
  bodySource: number;
};

export interface HandlerInput {
  handler: string;
  request: RequestWire;
  response: { status: number; headers: FlatHeaders } | undefined;
  variableBudget: number;
  respondWithBodyChars: number;
  requestBufferedBodyBytes: number | undefined;
  requestBodyStreamBytes: number | undefined;
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
  request: { headers: FlatHeaders; variables: Array<[string, string]>; route: RouteState; cacheKeyPolicy: CacheKeyPolicy; bodyUse: RequestBodyUse | undefined };
  response: { status: number; headers: FlatHeaders } | undefined;
  respondWith: RespondWithWire | undefined;
  warnings: string[];
}
