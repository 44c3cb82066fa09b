/**
 * Forwards a request to an origin through undici and streams both bodies. The caller has already
 * applied route() and onOriginRequest; this layer only does what a proxy must: drop hop-by-hop
 * fields both ways, append the client to X-Forwarded-For, and name the origin when it fails, as an
 * OriginError that carries the status the edge answers (502 broken, 504 too slow).
 */
import { toWireValue } from '../server/wire-header.ts';
import type { Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { toNodeReadable, bodyLength, type Body } from '../pipeline/body.ts';
import { stripHopByHop } from './hop-by-hop.ts';
import { classifyOriginFailure, type OriginError } from './origin-error.ts';
import { OriginExchange } from './origin-exchange.ts';
import { timeoutsOf } from './outbound-agent.ts';

export interface OriginRequest {
  /** Base URL of the origin, e.g. http://127.0.0.1:8080 (a path prefix is kept). */
  origin: string;
  method: string;
  /** Path and query to request, starting with "/". */
  pathAndQuery: string;
  headers: Array<[string, string]>;
  body: Body;
  clientIp: string;
  /** Hears once of a failure after the head was returned (the body is cut short), for the trace. */
  onBodyFailure?: (error: OriginError) => void;
}

export interface OriginResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Readable | null;
}

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/** Node's flat header form; a worker's value beyond Latin-1 goes out as its UTF-8 bytes (§3.2, wire-header.ts). */
function flatten(headers: Array<[string, string]>): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, toWireValue(value));
  return flat;
}

function outgoingHeaders(request: OriginRequest): string[] {
  const headers = stripHopByHop(request.headers);
  let forwarded: string | undefined;
  const out: Array<[string, string]> = [];
  for (const pair of headers) {
    const lower = pair[0].toLowerCase();
    if (lower === 'x-forwarded-for') forwarded = forwarded === undefined ? pair[1] : `${forwarded}, ${pair[1]}`;
    // Content-Length is recomputed by undici from the body we actually send.
    else if (lower !== 'content-length' || bodyLength(request.body) === undefined) out.push(pair);
  }
  out.push(['x-forwarded-for', forwarded === undefined ? request.clientIp : `${forwarded}, ${request.clientIp}`]);
  return flatten(out);
}

function incomingHeaders(raw: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return stripHopByHop(pairs);
}

const bases = new Map<string, { origin: string; prefix: string }>();

// Origins are a handful of configured URLs: parse each once.
function splitBase(base: string): { origin: string; prefix: string } {
  let split = bases.get(base);
  if (split === undefined) {
    const url = new URL(base);
    split = { origin: url.origin, prefix: url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '') };
    if (bases.size < 1000) bases.set(base, split);
  }
  return split;
}

/** Resolves at the response head (once its body has started); rejects with an OriginError. */
export function forwardToOrigin(dispatcher: Dispatcher, request: OriginRequest): Promise<OriginResponse> {
  const { origin, prefix } = splitBase(request.origin);
  const hasBody = !NO_BODY_METHODS.has(request.method) && request.body !== null;
  const timeouts = timeoutsOf(dispatcher);
  const exchange = new OriginExchange({ originUrl: request.origin, method: request.method, timeouts, onBodyFailure: request.onBodyFailure });
  try {
    dispatcher.dispatch({
      origin,
      path: prefix + request.pathAndQuery,
      method: request.method as Dispatcher.HttpMethod,
      headers: outgoingHeaders(request),
      body: hasBody ? (bodyLength(request.body) === undefined ? toNodeReadable(request.body) : (request.body as string | Uint8Array)) : null,
    }, exchange);
  } catch (error) {
    // undici refuses some requests synchronously (an invalid header value, say) instead of reporting them.
    return Promise.reject(classifyOriginFailure(request.origin, error, timeouts, false));
  }
  return exchange.head.then((response) => ({ status: response.status, headers: incomingHeaders(response.headers), body: response.body }));
}
