/**
 * The viewer's "Profile": the recorded request sent again from the page with `x-weft-profile: 1`,
 * and what the profile panel says about the requests that shared its thread.
 */
import { announcesBody } from './curl.ts';

type Lines = ReadonlyArray<readonly [string, string]>;

/** Header names a page's fetch may not set (the Fetch standard's forbidden request headers): the browser sets its own. */
const FORBIDDEN = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection',
  'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

function settable(name: string): boolean {
  const lower = name.toLowerCase();
  return !FORBIDDEN.has(lower) && !lower.startsWith('proxy-') && !lower.startsWith('sec-') && lower !== 'x-weft-profile';
}

/** The recorded header lines a page can send again, with the profile flag. */
export function profileHeaders(lines: Lines): Array<[string, string]> {
  return [...lines.filter(([name]) => settable(name)).map(([name, value]): [string, string] => [name, value]), ['x-weft-profile', '1']];
}

/** Why the page cannot send the request again itself (its body is not in the trace), or undefined when it can. */
export function resendBlocker(method: string, lines: Lines): string | undefined {
  if (announcesBody(lines)) return `the request had a body, which traces do not record: send it with curl and -H 'x-weft-profile: 1'`;
  if (['CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase())) return `a page cannot send ${method.toUpperCase()}: use curl with -H 'x-weft-profile: 1'`;
  return undefined;
}

interface Timed {
  id: string;
  startedAt: string;
  durationMs: number;
}

/** A trace id's thread: ids start with their thread's prefix, then `-` and a counter (pipeline/handle-request.ts). */
const threadOf = (id: string): string => id.slice(0, id.lastIndexOf('-'));

/** How many other requests of the list ran on the same thread while `trace` did: their samples are in its profile. */
export function overlapping(trace: Timed, traces: readonly Timed[]): number {
  const start = Date.parse(trace.startedAt);
  const end = start + trace.durationMs;
  const thread = threadOf(trace.id);
  return traces.filter((other) => {
    if (other.id === trace.id || threadOf(other.id) !== thread) return false;
    const from = Date.parse(other.startedAt);
    return from < end && from + other.durationMs > start;
  }).length;
}
