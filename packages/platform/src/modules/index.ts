/**
 * The built-in modules a worker imports by bare name (spec §1.2). The runtime's loader asks
 * `builtinModule(name)` for the namespace object of an `import ... from 'name'`.
 */
import { Cookies, SetCookie } from './cookies/index.ts';
import { createResponse } from './create-response/index.ts';
import { crypto, pem2ab } from './crypto/index.ts';
import * as encodingModule from './encoding/index.ts';
import { atob, base16, base64, base64url, btoa } from './encoding/index.ts';
import { HtmlRewritingStream } from './html-rewriter.ts';
import { httpRequest, type HttpResponse } from './http-request/index.ts';
import { logger } from './log/index.ts';
import { HOST_ADAPTER, realmAdapter, type Adapter, type ModuleRealm } from './shared/realm.ts';
import * as streamsModule from './streams.ts';
import * as textEncodeTransformModule from './text-encode-transform.ts';
import URLSearchParams from './url-search-params.ts';

export { createResponse, readCreatedResponse, type CreatedResponse } from './create-response/index.ts';
export {
  httpRequest, HttpResponse, SUBREQUEST_METHODS, SubrequestTimeoutError, SubrequestLimitError, SubrequestHostError,
  SubrequestResponseTooLargeError, SubrequestFailedError, NoInvocationError,
} from './http-request/index.ts';
export { Cookies, SetCookie } from './cookies/index.ts';
export { crypto, pem2ab } from './crypto/index.ts';
export { atob, btoa, base64, base64url, base16 } from './encoding/index.ts';
export { HtmlRewritingStream } from './html-rewriter.ts';
export { adoptError, type ModuleRealm } from './shared/realm.ts';
export { logger, formatLogHeader, formatMessage, encodeLogText, LEVEL_LETTERS, type Logger } from './log/index.ts';

export const BUILTIN_MODULE_NAMES = [
  'create-response',
  'http-request',
  'streams',
  'text-encode-transform',
  'cookies',
  'url-search-params',
  'log',
  'encoding',
  'crypto',
  'html-rewriter',
] as const;

export type BuiltinModuleName = (typeof BUILTIN_MODULE_NAMES)[number];

type Builder = (adapt: Adapter) => Record<string, unknown>;

// What each module exports, as built for one realm. Stream classes are exported as they are: worker
// code subclasses them and their errors travel through stream controllers, not calls.
const builders: Readonly<Record<BuiltinModuleName, Builder>> = {
  'create-response': (a) => ({ createResponse: a.fn(createResponse) }),
  'http-request': (a) => ({ httpRequest: a.fn(httpRequest, (response) => a.instance(response as HttpResponse, ['text', 'json'])) }),
  streams: () => ({ ...streamsModule }),
  'text-encode-transform': () => ({ ...textEncodeTransformModule }),
  'url-search-params': (a) => ({ default: a.cls(URLSearchParams) }),
  log: (a) => ({ logger: a.methods(logger) }),
  cookies: (a) => ({ Cookies: a.cls(Cookies), SetCookie: a.cls(SetCookie) }),
  encoding: (a) => ({
    atob: a.fn(atob), btoa: a.fn(btoa), base64: a.methods(base64), base64url: a.methods(base64url), base16: a.methods(base16),
    TextEncoder: a.cls(encodingModule.TextEncoder), TextDecoder: a.cls(encodingModule.TextDecoder),
  }),
  crypto: (a) => ({ crypto: Object.freeze({ getRandomValues: a.fn(crypto.getRandomValues), subtle: a.methods(crypto.subtle) }), pem2ab: a.fn(pem2ab) }),
  'html-rewriter': () => ({ HtmlRewritingStream }),
};

type Namespaces = Map<string, Record<string, unknown>>;

const hostNamespaces: Namespaces = new Map();
const realmNamespaces = new WeakMap<ModuleRealm, Namespaces>();

/**
 * The namespace a worker's `import ... from name` sees, or undefined when `name` is no built-in.
 * Pass the worker's realm so that errors the module functions throw are instances of that realm's
 * TypeError/RangeError/Error (as the request objects do); namespaces are cached per realm.
 */
export function builtinModule(name: string, realm?: ModuleRealm): Record<string, unknown> | undefined {
  if (!Object.hasOwn(builders, name)) return undefined;
  let cache = realm === undefined ? hostNamespaces : realmNamespaces.get(realm);
  if (cache === undefined) {
    cache = new Map();
    if (realm !== undefined) realmNamespaces.set(realm, cache);
  }
  let namespace = cache.get(name);
  if (namespace === undefined) {
    const build = builders[name as BuiltinModuleName];
    const exports = build(realm === undefined ? HOST_ADAPTER : realmAdapter(realm));
    namespace = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, exports));
    cache.set(name, namespace);
  }
  return namespace;
}
