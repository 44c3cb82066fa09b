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
import { httpRequest } from './http-request/index.ts';
import { logger } from './log/index.ts';
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

type Builder = () => Record<string, unknown>;

// What each module exports. This file is evaluated in the realm that runs the worker (the runtime
// bundles the platform into each worker realm), so every class and function here is that realm's.
const builders: Readonly<Record<BuiltinModuleName, Builder>> = {
  'create-response': () => ({ createResponse }),
  'http-request': () => ({ httpRequest }),
  streams: () => ({ ...streamsModule }),
  'text-encode-transform': () => ({ ...textEncodeTransformModule }),
  'url-search-params': () => ({ default: URLSearchParams }),
  log: () => ({ logger }),
  cookies: () => ({ Cookies, SetCookie }),
  encoding: () => ({ atob, btoa, base64, base64url, base16, TextEncoder: encodingModule.TextEncoder, TextDecoder: encodingModule.TextDecoder }),
  crypto: () => ({ crypto, pem2ab }),
  'html-rewriter': () => ({ HtmlRewritingStream }),
};

const namespaces = new Map<string, Record<string, unknown>>();

/** The namespace a worker's `import ... from name` sees, or undefined when `name` is no built-in. */
export function builtinModule(name: string): Record<string, unknown> | undefined {
  if (!Object.hasOwn(builders, name)) return undefined;
  let namespace = namespaces.get(name);
  if (namespace === undefined) {
    namespace = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, builders[name as BuiltinModuleName]()));
    namespaces.set(name, namespace);
  }
  return namespace;
}
