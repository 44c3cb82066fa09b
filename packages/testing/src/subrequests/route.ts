/**
 * A route of `mockSubrequests`: `"[METHOD ]URL"`, where METHOD is a sub-request method or `*`
 * (the default), and URL is absolute (`https://api.example.com/items/*`) or a path (`/items/*`,
 * on any host), or `*` alone for every URL. `*` matches any run of characters. A URL without `?` matches whatever the query
 * is; one with `?` must match the query too. A RegExp is tested against the whole URL.
 */
import { SUBREQUEST_METHODS } from '@weft/platform';
import { TestingError } from '../errors.ts';
import { hint } from '../suggest.ts';

export interface Route {
  /** As the test wrote it, for messages and `call.route`. */
  name: string;
  method: string | undefined;
  matches(url: URL): boolean;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function urlMatcher(pattern: string, name: string): (url: URL) => boolean {
  if (pattern === '*') return () => true;
  if (pattern.startsWith('/')) {
    const glob = globToRegExp(pattern);
    const withQuery = pattern.includes('?');
    return (url) => glob.test(withQuery ? url.pathname + url.search : url.pathname);
  }
  if (!/^https?:\/\//.test(pattern)) {
    throw new TestingError(`mockSubrequests: route "${name}" must name an http(s) URL or a path starting with "/", e.g. "GET https://api.example.com/items/*" or "POST /cart"`);
  }
  const glob = globToRegExp(pattern);
  const withQuery = pattern.includes('?');
  // The edge sends http:// sub-requests as https:// (spec §10); a route may name either.
  return (url) => {
    const bare = `${url.host}${url.pathname}${withQuery ? url.search : ''}`;
    return glob.test(`https://${bare}`) || glob.test(`http://${bare}`);
  };
}

export function parseRoute(route: string | RegExp): Route {
  if (route instanceof RegExp) return { name: String(route), method: undefined, matches: (url) => route.test(url.href) };
  const trimmed = route.trim();
  const space = trimmed.indexOf(' ');
  const first = space === -1 ? '' : trimmed.slice(0, space);
  const looksLikeMethod = /^[A-Za-z]+$/.test(first) || first === '*';
  const method = looksLikeMethod ? first.toUpperCase() : undefined;
  if (method !== undefined && method !== '*' && !(SUBREQUEST_METHODS as readonly string[]).includes(method)) {
    throw new TestingError(`mockSubrequests: route "${route}" names method ${first}, which httpRequest cannot send (decisions 9)${hint(method, [...SUBREQUEST_METHODS, '*'])}`);
  }
  const pattern = looksLikeMethod ? trimmed.slice(space + 1).trim() : trimmed;
  return { name: trimmed, method: method === '*' ? undefined : method, matches: urlMatcher(pattern, trimmed) };
}
