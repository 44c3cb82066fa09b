/**
 * Where a sub-request goes (spec §10, decisions 21–23): the URL the worker sees (logical) and the
 * local server actually dialled. Relative URLs resolve against the client request's scheme and Host.
 */
import { describeValue } from '../../../errors.ts';
import type { HostPolicy } from '../../../host/invocation.ts';
import { SubrequestHostError } from '../errors.ts';

export interface Target {
  /** Absolute URL as the worker named it; reported in records and errors. */
  url: URL;
  /** The local server dialled (scheme, host and port of the mapped base URL). */
  origin: string;
  /** The mapped base URL's path prefix + the URL's path and query. */
  path: string;
  notes: string[];
  /** Whether the host is one of the host map's (not the request's own host, which goes to the default origin). */
  mapped: boolean;
}

/** Length of a leading lower-case `http://` or `https://` (the common form), else 0. */
function httpPrefix(input: string): number {
  return input.startsWith('https://') ? 8 : input.startsWith('http://') ? 7 : 0;
}

/** The URL parser's preprocessing (WHATWG URL §4.4): outer C0 controls and spaces go, tabs and newlines anywhere. */
function preprocess(input: string): string {
  return input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** `input` with a leading http/https scheme swapped for the other one (other inputs unchanged). */
function swapScheme(input: string): string {
  const text = preprocess(input);
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(text)?.[0].toLowerCase();
  if (scheme === 'http:') return `https:${text.slice(5)}`;
  if (scheme === 'https:') return `http:${text.slice(6)}`;
  return text;
}

/**
 * Whether `input` itself gives the URL a port, judged as the URL parser resolves it (issue 12: a
 * backslash is a path separator in http(s) URLs, so `http://host:1\@x/` has port 1). A port from
 * the request's Host (relative URLs) does not count: the input is parsed against a port-less base.
 * The parser drops a port equal to the scheme's default; http and https parse alike but for that
 * default, so parsing again with the schemes swapped shows an explicit :80 or :443.
 */
function namesPort(input: string, scheme: 'http' | 'https'): boolean {
  // A port needs a colon in the input beyond the scheme's own; most URLs have none.
  if (input.indexOf(':', httpPrefix(input)) === -1) return false;
  const other = scheme === 'https' ? 'http' : 'https';
  // Both parse: the caller's parse of `input` against the request's base succeeded.
  return new URL(input, `${scheme}://base.invalid/`).port !== '' || new URL(swapScheme(input), `${other}://base.invalid/`).port !== '';
}

function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    // new URL throws only for a host it cannot parse; such a host is compared as written.
    return host.toLowerCase();
  }
}

interface Base {
  origin: string;
  prefix: string;
}

function parseBase(mapped: string): Base {
  const base = new URL(mapped);
  return { origin: base.origin, prefix: base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname };
}

/**
 * Parses of strings that repeat on every call (a handful of mapped base URLs, the request hosts
 * being served), kept so a sub-request does not parse them again; cleared when it grows large.
 */
function memo<T>(parse: (input: string) => T): (input: string) => T {
  const cache = new Map<string, T>();
  return (input) => {
    let value = cache.get(input);
    if (value === undefined) {
      if (cache.size >= 256) cache.clear();
      value = parse(input);
      cache.set(input, value);
    }
    return value;
  };
}

const cachedHostname = memo(hostnameOf);
const cachedBase = memo(parseBase);
const HTTP_NOTES: readonly string[] = ['http:// URL sent as plain HTTP locally; production upgrades sub-requests to HTTPS (decisions 22)'];

export function resolveTarget(input: string, policy: HostPolicy): Target {
  let url: URL;
  try {
    // With an http(s):// prefix the base plays no part in the parse (WHATWG URL), so skip it.
    url = httpPrefix(input) !== 0 ? new URL(input) : new URL(input, `${policy.requestScheme}://${policy.requestHost}/`);
  } catch {
    throw new TypeError(`httpRequest(): url ${describeValue(input)} is not a valid absolute or relative URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`httpRequest(): url ${describeValue(input)} uses scheme "${url.protocol}"; only http and https are allowed (spec §10)`);
  }
  if (namesPort(input, policy.requestScheme)) {
    // spec §10: port numbers are not allowed [INFERRED: reject]
    throw new TypeError(`httpRequest(): url ${describeValue(input)} names a port; sub-request URLs may not contain port numbers (spec §10). Map the host to a local port with --host NAME=URL instead`);
  }
  const requestHostname = cachedHostname(policy.requestHost);
  const inMap = policy.hosts.get(url.hostname);
  const mapped = inMap ?? (url.hostname === requestHostname ? policy.defaultOrigin : undefined);
  if (mapped === undefined) {
    throw new SubrequestHostError(
      `httpRequest(): host "${url.hostname}" of URL ${describeValue(url.href)} is not served by the local property; sub-requests may reach only the request's own host (${requestHostname}) and mapped hosts (decisions 21). Allow it with --host ${url.hostname}=URL or the config "hosts" setting`,
    );
  }
  const base = cachedBase(mapped);
  const notes = url.protocol === 'http:' ? [...HTTP_NOTES] : [];
  return { url, origin: base.origin, path: `${base.prefix}${url.pathname}${url.search}`, notes, mapped: inMap !== undefined };
}
