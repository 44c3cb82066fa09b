/**
 * The mutable per-request state the runtime keeps between handler stages. Request and response
 * objects are views over it: what a handler may change (§2.2) it changes here, and the runtime
 * decides what later stages see (§2.3), e.g. by cloning before onOriginRequest.
 */
import type { BotSegment } from './botScore.ts';
import { type Device, emptyDevice } from './device.ts';
import { HeaderList } from './headerList.ts';
import { emptyUserLocation, type UserLocation } from './location.ts';

/** spec §3.5: where the forward request goes; absent fields keep the property's defaults. */
export interface RouteState {
  origin?: string;
  path?: string;
  query?: string;
}

/** spec §5: what request.cacheKey asked for. A non-empty `queryArgs` is allow-list mode. */
export interface CacheKeyPolicy {
  query: 'include' | 'exclude';
  queryArgs: string[];
  cookies: string[];
  headers: string[];
  variables: string[];
}

export interface RequestState {
  method: string;
  scheme: string;
  /** Host header value from the client. */
  host: string;
  /** Raw (still percent-encoded) path, "/" when the request has none. */
  path: string;
  /** Raw query without "?", "" when absent. */
  query: string;
  cpCode: number;
  clientIp: string;
  /** The headers as handlers see and change them. */
  headers: HeaderList;
  /** The end-user's original headers: only these count for cacheKey includeHeader/includeCookie (§5). */
  originalHeaders: HeaderList;
  /** PMUSER_ variables, names upper-case. */
  variables: Map<string, string>;
  /** Variables whose PM security setting is "sensitive": workers can neither read nor set them (§3.3). */
  sensitiveVariables?: ReadonlySet<string>;
  route: RouteState;
  cacheKeyPolicy: CacheKeyPolicy;
  /** null models a contract without the EdgeScape entitlement (decisions 3 option). */
  userLocation: UserLocation | null;
  /** null models a contract without the EDC entitlement (decisions 3 option). */
  device: Device | null;
  /** Set when Bot Manager produced a segment (decisions 19). */
  botSegment: BotSegment | undefined;
  /** Client request body; only responseProvider can read it (§2.3.8). */
  body: ReadableStream<Uint8Array> | null;
  /** How responseProvider consumed the body, for the `req_body=` debug field (§22.4); unset means none. */
  bodyUse?: RequestBodyUse;
}

export type RequestBodyUse = 'none' | 'buffered' | 'streamed' | 'error';

export interface ResponseState {
  status: number;
  headers: HeaderList;
}

/** A respondWith() call (§3.4): the runtime answers with it after the handler settles. */
export interface RespondWithRecord {
  status: number;
  headers: HeaderList;
  body: string;
  /** Kept only for status 403, the only status it applies to (§3.4). */
  denyReason: string | undefined;
  /**
   * Notes for the trace, e.g. a Set-Cookie header allowed locally (decisions 15). Only here, not
   * sent through onWarning: the runtime reports them when it uses this record.
   */
  warnings: string[];
}

/** What one handler invocation has done so far. Fresh for every invocation. */
export interface InvocationState {
  /** Sum of name.length + value.length over setVariable calls (§3.3). */
  variableCharsUsed: number;
  /** The last respondWith() of this invocation; set means wasTerminated() is true (§3.4). */
  respondWith: RespondWithRecord | undefined;
}

export function createInvocationState(): InvocationState {
  return { variableCharsUsed: 0, respondWith: undefined };
}

export function defaultCacheKeyPolicy(): CacheKeyPolicy {
  return { query: 'include', queryArgs: [], cookies: [], headers: [], variables: [] };
}

export type RequestStateInit = Partial<Omit<RequestState, 'headers' | 'originalHeaders'>> & {
  host: string;
  headers?: HeaderList;
};

/** A request state with the platform's defaults; `originalHeaders` is a copy of `headers`. */
export function createRequestState(init: RequestStateInit): RequestState {
  const headers = init.headers ?? new HeaderList();
  return {
    method: init.method ?? 'GET',
    scheme: init.scheme ?? 'http',
    host: init.host,
    path: init.path ?? '/',
    query: init.query ?? '',
    cpCode: init.cpCode ?? 0,
    clientIp: init.clientIp ?? '127.0.0.1',
    headers,
    originalHeaders: headers.clone(),
    variables: init.variables ?? new Map(),
    ...(init.sensitiveVariables === undefined ? {} : { sensitiveVariables: init.sensitiveVariables }),
    route: init.route ?? {},
    cacheKeyPolicy: init.cacheKeyPolicy ?? defaultCacheKeyPolicy(),
    userLocation: init.userLocation === undefined ? emptyUserLocation() : init.userLocation,
    device: init.device === undefined ? emptyDevice() : init.device,
    botSegment: init.botSegment,
    body: init.body ?? null,
  };
}

/**
 * A copy whose headers, variables, route and cache-key policy can change without touching the
 * original: onOriginRequest's changes reach the origin only (§2.3.2). The body stream is shared.
 */
export function cloneRequestState(state: RequestState): RequestState {
  return {
    ...state,
    headers: state.headers.clone(),
    originalHeaders: state.originalHeaders,
    variables: new Map(state.variables),
    route: { ...state.route },
    cacheKeyPolicy: {
      query: state.cacheKeyPolicy.query,
      queryArgs: [...state.cacheKeyPolicy.queryArgs],
      cookies: [...state.cacheKeyPolicy.cookies],
      headers: [...state.cacheKeyPolicy.headers],
      variables: [...state.cacheKeyPolicy.variables],
    },
  };
}
