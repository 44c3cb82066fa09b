/**
 * The request state behind a test's request object, built from the factory's options the way the
 * runtime builds it from a client request and its simulation headers (handle-request.ts): the Host
 * header names the host, location and device go through the platform's own builders, and only
 * responseProvider may be given a body.
 */
import {
  buildDevice, buildUserLocation, createRequestState, emptyDevice, emptyUserLocation, HeaderList,
  type Device, type HandlerName, type RequestState, type UserLocation,
} from '@weft/platform';
import { TestingError } from '../errors.ts';
import type { ParsedRequestOptions } from './options-schema.ts';

const HANDLER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function pairs(values: Readonly<Record<string, unknown>>): Array<[string, string]> {
  return Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]);
}

function methodOf(options: ParsedRequestOptions, where: string): string {
  const method = (options.method ?? 'GET').toUpperCase();
  if (!HANDLER_METHODS.includes(method)) {
    throw new TestingError(`${where}: method ${JSON.stringify(options.method)} runs no event handler at the edge (spec §2.4); use one of ${HANDLER_METHODS.join(', ')}`);
  }
  if (method === 'OPTIONS' && options.variables?.PMUSER_EW_ENABLE_OPTIONS !== 'true') {
    throw new TestingError(`${where}: handlers run for OPTIONS only when PMUSER_EW_ENABLE_OPTIONS is "true" (spec §2.4); add variables: { PMUSER_EW_ENABLE_OPTIONS: 'true' }`);
  }
  return method;
}

interface Target {
  scheme: string | undefined;
  host: string | undefined;
  path: string;
  query: string;
}

function queryText(query: ParsedRequestOptions['query']): string {
  if (query === undefined || typeof query === 'string') return query?.replace(/^\?/, '') ?? '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  return params.toString();
}

function targetOf(options: ParsedRequestOptions, where: string): Target {
  const { url } = options;
  if (url === undefined) {
    const path = options.path ?? '/';
    if (!path.startsWith('/')) throw new TestingError(`${where}: path ${JSON.stringify(path)} must start with "/"`);
    if (path.includes('?')) throw new TestingError(`${where}: path ${JSON.stringify(path)} contains "?"; give the query as \`query\`, or use \`url\``);
    return { scheme: undefined, host: undefined, path, query: queryText(options.query) };
  }
  if (options.path !== undefined || options.query !== undefined) throw new TestingError(`${where}: give either \`url\` or \`path\`/\`query\`, not both`);
  if (url.startsWith('/')) {
    const q = url.indexOf('?');
    return { scheme: undefined, host: undefined, path: q === -1 ? url : url.slice(0, q), query: q === -1 ? '' : url.slice(q + 1) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TestingError(`${where}: url ${JSON.stringify(url)} is neither a path starting with "/" nor an absolute http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TestingError(`${where}: url ${JSON.stringify(url)} must use http or https`);
  return { scheme: parsed.protocol.slice(0, -1), host: parsed.host, path: parsed.pathname, query: parsed.search.slice(1) };
}

function headersOf(options: ParsedRequestOptions, host: string): HeaderList {
  const list = new HeaderList(options.headers ?? []);
  if (!list.has('host')) list.set('host', host);
  if (options.cookies !== undefined) {
    const line = Object.entries(options.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    if (line !== '') list.add('cookie', line);
  }
  return list;
}

function bodyOf(body: ParsedRequestOptions['body']): ReadableStream<Uint8Array> | null {
  if (body === undefined) return null;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

function locationOf(location: ParsedRequestOptions['location']): UserLocation | null {
  if (location === null) return null;
  return location === undefined ? emptyUserLocation() : buildUserLocation(pairs(location), 'location');
}

function deviceOf(device: ParsedRequestOptions['device']): Device | null {
  if (device === null) return null;
  return device === undefined ? emptyDevice() : buildDevice(pairs(device), 'device');
}

export function requestState(handler: HandlerName, options: ParsedRequestOptions, where: string): RequestState {
  if (options.body !== undefined && handler !== 'responseProvider') {
    throw new TestingError(`${where}: body is readable in responseProvider only (spec §2.3 rule 8); ${handler} cannot see the client body, so leave it out`);
  }
  if (options.botSegment !== undefined && handler !== 'onBotSegmentAvailable') {
    throw new TestingError(`${where}: botSegment sets request.botScore, which only onBotSegmentAvailable has (spec §2.2)`);
  }
  const target = targetOf(options, where);
  const given = new HeaderList(options.headers ?? []).first('host');
  const host = target.host ?? options.host ?? given ?? 'www.example.com';
  if (given !== undefined && given !== host) throw new TestingError(`${where}: the Host header ${JSON.stringify(given)} and the host ${JSON.stringify(host)} differ; give one of them`);
  return createRequestState({
    method: methodOf(options, where),
    scheme: target.scheme ?? options.scheme ?? 'https',
    host,
    path: target.path === '' ? '/' : target.path,
    query: target.query,
    cpCode: options.cpCode ?? 0,
    clientIp: options.clientIp ?? '192.0.2.1',
    headers: headersOf(options, host),
    variables: new Map(Object.entries(options.variables ?? {})),
    ...(options.sensitiveVariables === undefined ? {} : { sensitiveVariables: new Set(options.sensitiveVariables) }),
    userLocation: locationOf(options.location),
    device: deviceOf(options.device),
    botSegment: handler === 'onBotSegmentAvailable' ? (options.botSegment ?? 'human') : undefined,
    body: bodyOf(options.body),
  });
}
