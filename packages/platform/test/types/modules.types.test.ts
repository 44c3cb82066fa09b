/// <reference types="akamai-edgeworkers" />
/**
 * Type conformance of Weft's built-in module exports with the `declare module` blocks of
 * @types/akamai-edgeworkers (issue 2, "Proof"). `tsc` checks the assignments below (pnpm typecheck
 * runs over this file); Vitest checks that each registry namespace exports exactly those names.
 *
 * Most exports are assignable to the EW declarations as they stand. The deviations are the same
 * rulings as objects.types.test.ts, and nowhere else:
 *  - EW's ReadableStreamEW types a read result's `value` as present even when `done` is true, and
 *    types pipeThrough's pair with ReadableStreamEW; no WHATWG stream (Node's included) satisfies
 *    that, so `getReader`, `pipeThrough` and `tee` (and anything exposing a readable) are compared
 *    as member names only. The `@ts-expect-error` lines prove the raw declarations differ there.
 *  - httpResponse.getHeader() of a missing header is `undefined` (decisions 2); EW says `null`.
 *  - url-search-params: EW's URLSearchParams type lacks `[Symbol.iterator]`, so it is not a WHATWG
 *    init type; the constructor accepts it at run time (it is the same class).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Web from 'node:stream/web';
import type * as EwCookies from 'cookies';
import type * as EwCreateResponse from 'create-response';
import type * as EwCrypto from 'crypto';
import type * as EwEncoding from 'encoding';
import type * as EwHttpRequest from 'http-request';
import type * as EwLog from 'log';
import type * as EwStreams from 'streams';
import type * as EwTextEncodeTransform from 'text-encode-transform';
import type EwURLSearchParams from 'url-search-params';
import { BUILTIN_MODULE_NAMES, builtinModule } from '../../src/modules/index.ts';
import * as cookies from '../../src/modules/cookies/index.ts';
import * as createResponse from '../../src/modules/create-response/index.ts';
import * as cryptoModule from '../../src/modules/crypto/index.ts';
import * as encoding from '../../src/modules/encoding/index.ts';
import * as httpRequest from '../../src/modules/http-request/index.ts';
import * as log from '../../src/modules/log/index.ts';
import * as streams from '../../src/modules/streams.ts';
import * as textEncodeTransform from '../../src/modules/text-encode-transform.ts';
import URLSearchParams from '../../src/modules/url-search-params.ts';

// Exact conformance: each Weft export is assignable to the EW declaration.
export const conforms = {
  createResponse: createResponse.createResponse satisfies typeof EwCreateResponse.createResponse,
  logger: log.logger satisfies typeof EwLog.logger,
  Cookies: cookies.Cookies satisfies typeof EwCookies.Cookies,
  SetCookie: cookies.SetCookie satisfies typeof EwCookies.SetCookie,
  atob: encoding.atob satisfies typeof EwEncoding.atob,
  btoa: encoding.btoa satisfies typeof EwEncoding.btoa,
  base64: encoding.base64 satisfies typeof EwEncoding.base64,
  base64url: encoding.base64url satisfies typeof EwEncoding.base64url,
  base16: encoding.base16 satisfies typeof EwEncoding.base16,
  TextEncoder: encoding.TextEncoder satisfies typeof EwEncoding.TextEncoder,
  TextDecoder: encoding.TextDecoder satisfies typeof EwEncoding.TextDecoder,
  crypto: cryptoModule.crypto satisfies typeof EwCrypto.crypto,
  pem2ab: cryptoModule.pem2ab satisfies typeof EwCrypto.pem2ab,
  WritableStream: streams.WritableStream satisfies typeof EwStreams.WritableStream,
  ByteLengthQueuingStrategy: streams.ByteLengthQueuingStrategy satisfies typeof EwStreams.ByteLengthQueuingStrategy,
};

// Streams: everything but the ReadableStreamEW typing ruling.
type StreamDeviations = 'getReader' | 'pipeThrough' | 'tee';
expectTypeOf<Web.ReadableStream<Uint8Array>>().toExtend<Omit<EwStreams.ReadableStream<Uint8Array>, StreamDeviations>>();
expectTypeOf<keyof EwStreams.ReadableStream>().toExtend<keyof Web.ReadableStream>();
// @ts-expect-error the raw ReadableStreamEW declares a done read's value as present (see above)
export const rawReadable: EwStreams.ReadableStream<Uint8Array> = null as unknown as Web.ReadableStream<Uint8Array>;
expectTypeOf<Web.TransformStream<string, Uint8Array>['writable']>().toExtend<EwStreams.TransformStream<string, Uint8Array>['writable']>();
expectTypeOf<keyof EwStreams.TransformStream>().toExtend<keyof Web.TransformStream>();
// EW types CountQueuingStrategy.size as returning the literal 1; Node's returns number (it is 1 at run time, see streams.test.ts).
expectTypeOf(new streams.CountQueuingStrategy({ highWaterMark: 1 })).toExtend<Omit<EwStreams.CountQueuingStrategy, 'size'> & { size(chunk: unknown): number }>();

// text-encode-transform: the writable sides and the encoding facts conform; readables per the ruling.
expectTypeOf<InstanceType<typeof textEncodeTransform.TextEncoderStream>>().toExtend<Omit<EwTextEncodeTransform.TextEncoderStream, 'readable'>>();
expectTypeOf<InstanceType<typeof textEncodeTransform.TextDecoderStream>>().toExtend<Omit<EwTextEncodeTransform.TextDecoderStream, 'readable'>>();
expectTypeOf<ConstructorParameters<typeof EwTextEncodeTransform.TextDecoderStream>>().toExtend<ConstructorParameters<typeof textEncodeTransform.TextDecoderStream>>();

// http-request: the call accepts every EW-typed call; the response conforms under the rulings.
type SettledHttpResponse = Omit<EwHttpRequest.HttpResponse, 'body' | 'getHeader'> & {
  getHeader(name: string): string[] | undefined;
  body: Web.ReadableStream<Uint8Array>;
};
expectTypeOf<Parameters<typeof EwHttpRequest.httpRequest>>().toExtend<Parameters<typeof httpRequest.httpRequest>>();
expectTypeOf<Awaited<ReturnType<typeof httpRequest.httpRequest>>>().toExtend<SettledHttpResponse>();
expectTypeOf<keyof EwHttpRequest.HttpResponse>().toExtend<keyof httpRequest.HttpResponse>();

// url-search-params: instances conform exactly; the constructor takes EW's string form.
expectTypeOf<InstanceType<typeof URLSearchParams>>().toExtend<EwURLSearchParams>();
expectTypeOf<[string]>().toExtend<ConstructorParameters<typeof URLSearchParams>>();

describe('registry namespaces export the declared names', () => {
  it.each([
    ['create-response', ['createResponse']],
    ['http-request', ['httpRequest']],
    ['log', ['logger']],
    ['cookies', ['Cookies', 'SetCookie']],
    ['url-search-params', ['default']],
    ['encoding', ['TextDecoder', 'TextEncoder', 'atob', 'base16', 'base64', 'base64url', 'btoa']],
    ['crypto', ['crypto', 'pem2ab']],
    ['streams', ['ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'ReadableStream', 'TransformStream', 'WritableStream']],
    ['text-encode-transform', ['TextDecoderStream', 'TextEncoderStream']],
    ['html-rewriter', ['HtmlRewritingStream']],
  ])('%s', (name, exports) => {
    expect(Object.keys(builtinModule(name) ?? {}).sort()).toEqual(exports);
  });

  it('every name of spec §1.2 is registered', () => {
    for (const name of BUILTIN_MODULE_NAMES) expect(builtinModule(name), name).toBeDefined();
    expect(BUILTIN_MODULE_NAMES).toHaveLength(10);
  });

  it('unknown names are not built-ins', () => {
    expect(builtinModule('yourmodules')).toBeUndefined();
    expect(builtinModule('toString')).toBeUndefined();
    expect(Object.keys(conforms)).toHaveLength(15);
  });
});
