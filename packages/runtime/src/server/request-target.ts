/**
 * The request target as the pipeline needs it (RFC 9112 §3.2): origin-form passes as sent (spec
 * §3.1 keeps the raw, still percent-encoded path), absolute-form becomes origin-form plus the host
 * it names, and anything else is refused with a message saying what was wrong.
 */

export type RequestTarget =
  | { ok: true; url: string; /** The authority of an absolute-form target, which replaces Host (RFC 9112 §3.2.2). */ host: string | undefined }
  | { ok: false; message: string };

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

function refuse(message: string): RequestTarget {
  return { ok: false, message };
}

/**
 * Whether the path's dot segments climb above the root, however they are spelled: `%2e` for a
 * dot, and `%2f`, `%5c` or a backslash for a slash, since an origin that decodes or normalises
 * them before resolving the path would otherwise serve what lies outside its root.
 */
export function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const raw of path.replace(/%2f|%5c|\\/gi, '/').split('/')) {
    const segment = raw.replace(/%2e/gi, '.');
    if (segment === '..') {
      if (depth === 0) return true;
      depth--;
    } else if (segment !== '.' && segment !== '') {
      depth++;
    }
  }
  return false;
}

// RFC 3986 §2.1: "%" always starts a pct-encoded octet.
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

function checkPath(url: string, shown: string): RequestTarget | undefined {
  // RFC 9112 §3.2: no request-target form has a fragment; the client keeps it.
  if (url.includes('#')) return refuse(`the request target ${JSON.stringify(shown)} contains "#"; a fragment is never sent to a server, so leave it out (or send "%23" if it belongs to the path)`);
  if (BAD_PERCENT.test(url)) return refuse(`the request target ${JSON.stringify(shown)} has a "%" that is not followed by two hexadecimal digits; send a literal "%" as "%25" (RFC 3986 §2.1)`);
  const q = url.indexOf('?');
  if (climbsAboveRoot(q === -1 ? url : url.slice(0, q))) {
    return refuse(`the request target ${JSON.stringify(shown)} climbs above the root with "..", literally or percent-encoded; send a path that stays under /`);
  }
  return undefined;
}

export function readRequestTarget(method: string, target: string): RequestTarget {
  if (target.startsWith('/')) return checkPath(target, target) ?? { ok: true, url: target, host: undefined };
  // RFC 9112 §3.2.4: the asterisk-form is for a server-wide OPTIONS only.
  if (target === '*') return method === 'OPTIONS' ? { ok: true, url: target, host: undefined } : refuse(`the request target "*" is only valid for OPTIONS, not ${method}`);
  const absolute = ABSOLUTE.exec(target);
  if (absolute === null) {
    return refuse(`the request target ${JSON.stringify(target)} is neither a path starting with "/" nor an absolute http:// or https:// URL (RFC 9112 §3.2)`);
  }
  const [, scheme = '', authority = '', rest = ''] = absolute;
  if (!/^https?$/i.test(scheme)) return refuse(`the request target ${JSON.stringify(target)} has scheme "${scheme}"; Weft serves http and https URLs only`);
  // RFC 9110 §4.2.4: a recipient treats userinfo in an http(s) URI as an error.
  if (authority.includes('@')) return refuse(`the request target ${JSON.stringify(target)} carries user information before "@"; HTTP forbids it (RFC 9110 §4.2.4)`);
  if (authority === '') return refuse(`the request target ${JSON.stringify(target)} names no host (RFC 9110 §4.2.1)`);
  // RFC 9112 §3.2.1: an empty path is sent as "/".
  const url = rest.startsWith('/') ? rest : `/${rest}`;
  return checkPath(url, target) ?? { ok: true, url, host: authority };
}
