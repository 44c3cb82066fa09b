/**
 * Traces as an HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/): each
 * client exchange is an entry, and so is each of its sub-requests. Weft's own facts ride in
 * `_weft` fields (the spec's custom-field convention). Bodies are not recorded, so none is exported.
 */
import type { RecordedHeaders, SubrequestTrace, Trace } from '@weft/runtime';

export interface HarNameValue { name: string; value: string }
export interface HarCookie { name: string; value: string; path?: string; domain?: string; httpOnly?: boolean; secure?: boolean }

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string; url: string; httpVersion: string; cookies: HarCookie[]; headers: HarNameValue[];
    queryString: HarNameValue[]; headersSize: number; bodySize: number;
  };
  response: {
    status: number; statusText: string; httpVersion: string; cookies: HarCookie[]; headers: HarNameValue[];
    content: { size: number; mimeType: string }; redirectURL: string; headersSize: number; bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; send: number; wait: number; receive: number; ssl: number };
  comment?: string;
  _weft: Record<string, unknown>;
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[]; comment?: string };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Content Too Large', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const linesOf = (headers: RecordedHeaders | undefined): ReadonlyArray<readonly [string, string]> => headers?.lines ?? [];
const header = (lines: ReadonlyArray<readonly [string, string]>, name: string): string | undefined => lines.find(([n]) => n.toLowerCase() === name)?.[1];
const nameValues = (lines: ReadonlyArray<readonly [string, string]>): HarNameValue[] => lines.map(([name, value]) => ({ name, value }));
const nonNegative = (ms: number | undefined): number => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : 0);

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** `Cookie: a=1; b=2` lines as HAR cookies. */
export function requestCookies(lines: ReadonlyArray<readonly [string, string]>): HarCookie[] {
  return lines.filter(([name]) => name.toLowerCase() === 'cookie').flatMap(([, value]) => value.split(';')).map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

/** Each `Set-Cookie` line as a HAR cookie, with the attributes HAR names. */
export function responseCookies(lines: ReadonlyArray<readonly [string, string]>): HarCookie[] {
  return lines.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => {
    const [pair = '', ...attributes] = value.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const cookie: HarCookie = eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const lower = key.trim().toLowerCase();
      if (lower === 'path') cookie.path = rest.join('=');
      else if (lower === 'domain') cookie.domain = rest.join('=');
      else if (lower === 'httponly') cookie.httpOnly = true;
      else if (lower === 'secure') cookie.secure = true;
    }
    return cookie;
  });
}

function response(status: number | undefined, lines: ReadonlyArray<readonly [string, string]>, bodyBytes: number | undefined, error: string | undefined): HarEntry['response'] {
  const length = bodyBytes ?? Number(header(lines, 'content-length') ?? Number.NaN);
  return {
    // HAR tools read status 0 as "no response", as browsers export a failed request.
    status: status ?? 0,
    statusText: status === undefined ? '' : STATUS_TEXT[status] ?? '',
    httpVersion: 'HTTP/1.1',
    cookies: responseCookies(lines),
    headers: nameValues(lines),
    content: { size: Number.isFinite(length) ? length : 0, mimeType: header(lines, 'content-type') ?? 'x-unknown' },
    redirectURL: header(lines, 'location') ?? '',
    headersSize: -1,
    bodySize: Number.isFinite(length) ? length : -1,
    ...(error === undefined ? {} : { _error: error }),
  };
}

function request(method: string, url: string, lines: ReadonlyArray<readonly [string, string]>): HarEntry['request'] {
  const length = Number(header(lines, 'content-length') ?? Number.NaN);
  const bodySize = Number.isFinite(length) ? length : method === 'GET' || method === 'HEAD' ? 0 : -1;
  return { method, url, httpVersion: 'HTTP/1.1', cookies: requestCookies(lines), headers: nameValues(lines), queryString: queryOf(url), headersSize: -1, bodySize };
}

/** HAR wants `time` to be the sum of the timings that are not -1. */
function timed(blocked: number, wait: number, receive: number): Pick<HarEntry, 'time' | 'timings'> {
  return { time: (blocked > 0 ? blocked : 0) + wait + receive, timings: { blocked: blocked > 0 ? blocked : -1, dns: -1, connect: -1, send: 0, wait, receive, ssl: -1 } };
}

export function clientEntry(trace: Trace): HarEntry {
  const { request: req } = trace;
  const url = /^https?:\/\//i.test(req.url) ? req.url : `${req.scheme}://${req.host}${req.url}`;
  const total = nonNegative(trace.durationMs);
  const wait = Math.min(total, nonNegative(trace.response?.firstByteMs ?? total));
  const failed = trace.stages.find((stage) => stage.error !== undefined)?.error;
  return {
    startedDateTime: trace.startedAt,
    ...timed(0, wait, total - wait),
    request: request(req.method, url, linesOf(req.headers)),
    response: response(trace.response?.status, linesOf(trace.response?.headers), trace.response?.bodyBytes, trace.response?.truncatedBy),
    cache: {},
    ...(failed === undefined ? {} : { comment: `${failed.name}: ${failed.message}` }),
    _weft: { traceId: trace.id, kind: 'client', source: trace.response?.source, complete: trace.complete, clientIp: req.clientIp },
  };
}

export function subrequestEntry(trace: Trace, sub: SubrequestTrace): HarEntry {
  const started = Date.parse(trace.startedAt) + nonNegative(sub.startMs);
  const queued = nonNegative(sub.rateLimitedMs);
  const head = nonNegative(sub.durationMs);
  const total = Math.max(head, nonNegative(sub.totalDurationMs ?? sub.durationMs));
  return {
    startedDateTime: new Date(Number.isFinite(started) ? started : 0).toISOString(),
    ...timed(queued, Math.max(0, head - queued), total - head),
    request: request(sub.method, sub.url, linesOf(sub.requestHeaders)),
    response: response(sub.status, linesOf(sub.responseHeaders), undefined, sub.error ?? sub.bodyError),
    cache: {},
    ...(sub.notes.length === 0 ? {} : { comment: sub.notes.join('; ') }),
    _weft: { traceId: trace.id, kind: 'subrequest', handler: sub.handler, id: sub.id, localUrl: sub.localUrl, edgekv: sub.edgekv },
  };
}

/** The traces' client exchanges and sub-requests, as one archive in start order. */
export function harOf(traces: readonly Trace[], creator: { name: string; version: string }): Har {
  const entries = traces.flatMap((trace) => [clientEntry(trace), ...trace.subrequests.map((sub) => subrequestEntry(trace, sub))]);
  entries.sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
  return { log: { version: '1.2', creator, entries, comment: 'Exported by the Weft trace viewer; bodies are not recorded.' } };
}
