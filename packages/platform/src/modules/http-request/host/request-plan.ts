/**
 * The realm's sub-request call as the host sends it. The realm validated the worker's options
 * (options.ts); the host still treats what crosses the door as untrusted, and applies the wire rules
 * itself: hop-by-hop headers and those the platform computes are dropped (decisions 25).
 */
import type { ReadableStream } from 'node:stream/web';
import type { HostContext } from '../../../host/host-context.ts';
import { SUBREQUEST_METHODS, type SubrequestMethod } from '../options.ts';

// Hop-by-hop headers and those the platform computes itself (decisions 25).
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade', 'content-length', 'host']);

export interface WirePlan {
  method: SubrequestMethod;
  /** Lower-case names; one value as a string, repeated ones as an array (as undici takes them). */
  headers: Record<string, string | string[]>;
  /** A string, or the realm's stream, opened when the request is dispatched. */
  body: string | (() => ReadableStream<Uint8Array>) | undefined;
  timeoutMs: number | undefined;
}

function malformed(what: string): TypeError {
  return new TypeError(`httpRequest(): the platform module passed a malformed ${what} to the host`);
}

function readMethod(value: unknown): SubrequestMethod {
  const method = SUBREQUEST_METHODS.find((m) => m === value);
  if (method === undefined) throw malformed('method');
  return method;
}

/** A flat [name, value, ...] list (JSON) into undici's header record, minus the dropped names. */
function readHeaders(json: unknown): Record<string, string | string[]> {
  // No prototype: `__proto__` is a valid header name.
  const headers = Object.create(null) as Record<string, string | string[]>;
  if (json === '') return headers;
  let list: unknown;
  try {
    list = typeof json === 'string' ? JSON.parse(json) : undefined;
  } catch (error) {
    // Text from the realm: malformed JSON is the malformed header list reported below.
    if (!(error instanceof SyntaxError)) throw error;
    list = undefined;
  }
  if (!Array.isArray(list) || list.length % 2 !== 0 || !list.every((item) => typeof item === 'string')) throw malformed('header list');
  const lines = list as string[];
  // Headers that Connection names are hop-by-hop too (RFC 9110 §7.6.1).
  const named = new Set<string>();
  for (let i = 0; i < lines.length; i += 2) {
    if ((lines[i] as string).toLowerCase() === 'connection') for (const token of (lines[i + 1] as string).split(',')) named.add(token.trim().toLowerCase());
  }
  for (let i = 0; i < lines.length; i += 2) {
    const key = (lines[i] as string).toLowerCase();
    if (DROPPED.has(key) || named.has(key)) continue;
    const value = lines[i + 1] as string;
    const previous = headers[key];
    headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return headers;
}

function readBody(ctx: HostContext, kind: unknown, value: unknown): WirePlan['body'] {
  if (kind === 'none') return undefined;
  if (kind === 'text' && typeof value === 'string') return value;
  if (kind === 'stream' && typeof value === 'number') return () => ctx.outgoingStream(value);
  throw malformed('body');
}

export function readWirePlan(ctx: HostContext, method: unknown, headers: unknown, bodyKind: unknown, body: unknown, timeoutMs: unknown): WirePlan {
  const timeout = typeof timeoutMs === 'number' && Number.isInteger(timeoutMs) && timeoutMs > 0 ? timeoutMs : undefined;
  return { method: readMethod(method), headers: readHeaders(headers), body: readBody(ctx, bodyKind, body), timeoutMs: timeout };
}
