/**
 * respondWith and wasTerminated (spec §3.4, decisions 5, 11, 15, 26, 27). Each call replaces the
 * previous one of the invocation (last call wins) and is reported to the runtime at once. Notes
 * about a call travel in its record, not through onWarning, so a replaced call leaves none behind.
 */
import { describeValue } from '../errors.ts';
import { RespondWithBodyLimitError, toRealm } from './errors.ts';
import { HeaderList } from './headerList.ts';
import { checkHeaderName, checkHeaderValues, internalHeaderWarning, isInternalHeader } from './headerRules.ts';
import { method, type RequestInternals } from './internals.ts';
import type { RespondWithRecord } from './state.ts';
import { checkStatus } from './status.ts';

// spec §3.4: hop-by-hop headers and Content-Length describe the connection, which the edge owns.
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailers', 'transfer-encoding', 'content-length']);
// spec §3.4: "should not be set"; kept, with a note.
const DISCOURAGED = new Set(['host', 'vary']);

function toText(i: RequestInternals, what: string, value: unknown): string {
  if (typeof value === 'symbol' || typeof value === 'function' || (typeof value === 'object' && value !== null)) {
    throw new i.realm.TypeError(`respondWith: ${what} is ${describeValue(value)}; pass a string`);
  }
  return String(value);
}

function responseHeaders(i: RequestInternals, input: unknown, warnings: string[]): HeaderList {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new i.realm.TypeError(`respondWith: headers ${describeValue(input)} must be an object mapping header names to a string or an array of strings`);
  }
  const list = new HeaderList();
  for (const [rawName, value] of Object.entries(input)) {
    const name = checkHeaderName('respondWith', rawName, i.realm);
    const values = checkHeaderValues('respondWith', name, value, i.realm);
    const lower = name.toLowerCase();
    if (isInternalHeader(name)) warnings.push(internalHeaderWarning('respondWith', name));
    else if (DROPPED.has(lower)) warnings.push(`respondWith: header "${name}" dropped; hop-by-hop headers and Content-Length must not be set (spec §3.4)`);
    else {
      if (DISCOURAGED.has(lower)) warnings.push(`respondWith: header "${name}" should not be set (spec §3.4)`);
      // decisions 15: production needs a metadata tag for this; Weft allows it and says so.
      if (lower === 'set-cookie') warnings.push('respondWith: Set-Cookie allowed locally; production needs the edgeservices:cookie.pass-set-cookie-policy metadata tag (spec §3.4, decisions 15)');
      list.add(name, values);
    }
  }
  return list;
}

function respondWith(i: RequestInternals, status: unknown, headers: unknown, body: unknown, denyReason: unknown): void {
  const code = checkStatus('respondWith', status, i.realm);
  const warnings: string[] = [];
  const list = responseHeaders(i, headers, warnings);
  const text = toText(i, 'body', body);
  const limit = i.invocation.respondWithBodyChars;
  if (text.length > limit) {
    throw toRealm(new RespondWithBodyLimitError(`respondWith: body has ${text.length} characters; the limit is ${limit} (spec §3.4, limits profile); serve larger bodies from responseProvider`), i.realm);
  }
  // spec §2.4: respondWith supports GET, POST, DELETE, PUT, PATCH and HEAD; OPTIONS is not listed.
  if (i.state.method.toUpperCase() === 'OPTIONS') warnings.push('respondWith: called for an OPTIONS request; the platform documents respondWith for GET, HEAD, POST, PUT, PATCH and DELETE only (spec §2.4)');
  const reason = denyReason === undefined ? undefined : toText(i, 'deny_reason', denyReason);
  if (reason !== undefined && code !== 403) warnings.push(`respondWith: deny_reason ignored; it applies only to status 403 (spec §3.4)`);
  const record: RespondWithRecord = { status: code, headers: list, body: text, denyReason: code === 403 ? reason : undefined, warnings };
  i.run.respondWith = record;
  i.invocation.onRespondWith?.(record);
}

export const respondWithMembers: PropertyDescriptorMap = {
  respondWith: method('respondWith', (i, status, headers, body, denyReason) => respondWith(i, status, headers, body, denyReason)),
  // spec §3.4: true once respondWith() was called in this invocation (decisions 11).
  wasTerminated: method('wasTerminated', (i) => i.run.respondWith !== undefined),
};
