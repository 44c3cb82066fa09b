/**
 * The built-in modules a worker imports by bare name (spec §1.2). The runtime's loader asks
 * `builtinModule(name)` for the namespace object of an `import ... from 'name'`.
 */
import { Cookies, SetCookie } from './cookies/index.ts';
import * as createResponseModule from './create-response/index.ts';
import { crypto, pem2ab } from './crypto/index.ts';
import { HtmlRewritingStream } from './html-rewriter.ts';
import * as encodingModule from './encoding/index.ts';
import * as httpRequestModule from './http-request/index.ts';
import * as logModule from './log/index.ts';
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

function namespace(exports: Record<string, unknown>): Record<string, unknown> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, exports));
}

const registry: Readonly<Record<BuiltinModuleName, Record<string, unknown>>> = {
  'create-response': namespace({ createResponse: createResponseModule.createResponse }),
  'http-request': namespace({ httpRequest: httpRequestModule.httpRequest }),
  streams: namespace({ ...streamsModule }),
  'text-encode-transform': namespace({ ...textEncodeTransformModule }),
  'url-search-params': namespace({ default: URLSearchParams }),
  log: namespace({ logger: logModule.logger }),
  cookies: namespace({ Cookies, SetCookie }),
  encoding: namespace({ ...encodingModule }),
  crypto: namespace({ crypto, pem2ab }),
  'html-rewriter': namespace({ HtmlRewritingStream }),
};

/** The namespace a worker's `import ... from name` sees, or undefined when `name` is no built-in. */
export function builtinModule(name: string): Record<string, unknown> | undefined {
  return Object.hasOwn(registry, name) ? registry[name as BuiltinModuleName] : undefined;
}
