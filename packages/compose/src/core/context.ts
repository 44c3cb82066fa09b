/**
 * The request context every source, condition and rule reads: captured once per request from the
 * responseProvider request (spec §3, §6, §7), as plain data plus three lookups.
 */
import { compileRoute, type RouteMatcher } from './route.ts';
import { decodeFormComponent } from './form-decode.ts';

/** What the toolkit reads from the platform's request (a structural subset of `EW.ResponseProviderRequest`). */
export interface EdgeRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly url?: string;
  readonly scheme?: string;
  getHeader(name: string): string[] | null | undefined;
  getVariable?(name: string): string | undefined;
  readonly userLocation?: Partial<LocationInfo> | null;
  readonly device?: Partial<DeviceInfo> | null;
  /** responseProvider only: the client's body as a byte stream (spec §3.1); read by `api({ body })`. */
  readonly body?: unknown;
}

/** spec §6: every field is undefined when unknown. */
export interface LocationInfo {
  continent: string | undefined;
  country: string | undefined;
  region: string | undefined;
  city: string | undefined;
  zipCode: string | undefined;
  dma: string | undefined;
  timezone: string | undefined;
  networkType: string | undefined;
  bandwidth: string | undefined;
  latitude: string | undefined;
  longitude: string | undefined;
  areaCodes: string[] | undefined;
  fips: string[] | undefined;
}

/** spec §7: every field is undefined when it cannot be determined. */
export interface DeviceInfo {
  brandName: string | undefined;
  modelName: string | undefined;
  marketingName: string | undefined;
  os: string | undefined;
  osVersion: string | undefined;
  mobileBrowser: string | undefined;
  mobileBrowserVersion: string | undefined;
  isMobile: boolean | undefined;
  isTablet: boolean | undefined;
  isWireless: boolean | undefined;
  hasAjaxSupport: boolean | undefined;
  hasCookieSupport: boolean | undefined;
  hasFlashSupport: boolean | undefined;
  acceptsThirdPartyCookie: boolean | undefined;
  resolutionWidth: number | undefined;
  resolutionHeight: number | undefined;
  physicalScreenWidth: number | undefined;
  physicalScreenHeight: number | undefined;
  xhtmlSupportLevel: number | undefined;
}

export interface RequestContext<P extends string = string> {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  /** Raw query string without "?" (spec §3.1). */
  readonly rawQuery: string;
  /** Path parameters of the composition's route. */
  readonly params: Readonly<Record<P, string>>;
  /** Decoded query parameters; the first value wins when a name repeats. */
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly location: Readonly<Partial<LocationInfo>>;
  readonly device: Readonly<Partial<DeviceInfo>>;
  /** A request header, values joined with ", "; undefined when absent. */
  header(name: string): string | undefined;
  /** A cookie from the `Cookie` header (decisions 14: split on ";" with optional spaces). */
  cookie(name: string): string | undefined;
  /** A property variable (`PMUSER_*`), undefined when unset. */
  variable(name: string): string | undefined;
  /** The platform request itself, for what the context does not cover. */
  readonly request: EdgeRequest;
  /** The client's request body as its schema parsed it, when the composition validates one (`api({ body })`). */
  readonly body?: unknown;
}

/** Captures the context; `route` adds path parameters (an unmatched route gives no parameters). */
export function captureContext<P extends string = never>(request: EdgeRequest, route?: RouteMatcher<P>): RequestContext<P> {
  let cookies: Map<string, string> | undefined;
  const header = (name: string): string | undefined => {
    const values = request.getHeader(name);
    return values === null || values === undefined || values.length === 0 ? undefined : values.join(', ');
  };
  return {
    method: request.method,
    host: request.host,
    path: request.path,
    rawQuery: request.query,
    params: (route?.match(request.path) ?? {}) as Record<P, string>,
    query: parseQuery(request.query),
    location: request.userLocation ?? {},
    device: request.device ?? {},
    header,
    cookie(name) {
      cookies ??= parseCookies(request.getHeader('cookie') ?? []);
      return cookies.get(name);
    },
    variable(name) {
      return request.getVariable?.(name) ?? undefined;
    },
    request,
  };
}

export { compileRoute };

export function parseQuery(query: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  if (query === '') return out;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeFormComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (name in out) continue;
    out[name] = eq < 0 ? '' : decodeFormComponent(pair.slice(eq + 1));
  }
  return out;
}

function parseCookies(headers: string[]): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of headers) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim();
      if (name !== '' && !jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
    }
  }
  return jar;
}

