/// <reference types="akamai-edgeworkers" />
/**
 * Type conformance of Weft's request and response objects with @types/akamai-edgeworkers
 * (issue 2, "Proof"), handler by handler. `tsc` checks the type assertions (pnpm typecheck runs
 * over this file); Vitest runs the sample worker on real Weft objects.
 *
 * Weft's public types are exact about what it returns, so they differ from the EW typings in three
 * places, and nowhere else:
 *  - getHeader() of a missing header is `undefined` (decisions 2); the EW typings say `null`.
 *  - userLocation/device are `null` under the no-entitlement option (decisions 3, as the docs say);
 *    the EW typings say `| undefined`.
 *  - responseProvider's `body` is a WHATWG ReadableStream. The EW typings' ReadableStreamEW types a
 *    read result's `value` as always present, even when `done` is true, which no WHATWG stream
 *    (Node's included) satisfies; the streams behave the same.
 * `Settled<T>` is the EW interface with those rulings applied; every Weft object is assignable to
 * it, has exactly the same member names as the EW interface, and the `@ts-expect-error` lines
 * prove the raw EW interfaces differ only there.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildDevice,
  buildUserLocation,
  createRequest,
  createRequestState,
  createResponseObject,
  HeaderList,
  type HandlerName,
  type ObjectInvocation,
  type RequestByHandler,
  type RequestState,
  type ResponseObject,
} from '../../src/index.ts';
import type * as Weft from '../../src/index.ts';
import * as worker from './sampleWorker.ts';

// The EW namespace exports only the handler interfaces; reach the rest through them.
type EWUserLocation = Exclude<EW.IngressClientRequest['userLocation'], undefined>;
type EWDevice = Exclude<EW.IngressClientRequest['device'], undefined>;
type EWCacheKey = EW.IngressClientRequest['cacheKey'];
type EWBotScore = EW.BotSegmentAvailableRequest['botScore'];
type EWDestination = Parameters<EW.IngressClientRequest['route']>[0];

type Deviations = 'getHeader' | 'userLocation' | 'device' | 'body';

type Settled<T> = Omit<T, Deviations> & { getHeader(name: string): string[] | undefined } & (T extends { readonly host: string }
    ? { readonly userLocation: EWUserLocation | null; readonly device: EWDevice | null }
    : unknown) &
  (T extends { readonly body: unknown } ? { readonly body: ReadableStream<Uint8Array> } : unknown);

interface EWByHandler {
  onClientRequest: EW.IngressClientRequest;
  onBotSegmentAvailable: EW.BotSegmentAvailableRequest;
  onOriginRequest: EW.IngressOriginRequest;
  onOriginResponse: EW.EgressOriginRequest;
  onClientResponse: EW.EgressClientRequest;
  responseProvider: EW.ResponseProviderRequest;
}

// Each handler's Weft request conforms to the settled EW interface and has exactly its members.
expectTypeOf<Weft.IngressClientRequest>().toExtend<Settled<EW.IngressClientRequest>>();
expectTypeOf<Weft.BotSegmentAvailableRequest>().toExtend<Settled<EW.BotSegmentAvailableRequest>>();
expectTypeOf<Weft.IngressOriginRequest>().toExtend<Settled<EW.IngressOriginRequest>>();
expectTypeOf<Weft.EgressOriginRequest>().toExtend<Settled<EW.EgressOriginRequest>>();
expectTypeOf<Weft.EgressClientRequest>().toExtend<Settled<EW.EgressClientRequest>>();
expectTypeOf<Weft.ResponseProviderRequest>().toExtend<Settled<EW.ResponseProviderRequest>>();
expectTypeOf<Weft.EgressOriginResponse>().toExtend<Settled<EW.EgressOriginResponse>>();
expectTypeOf<Weft.EgressClientResponse>().toExtend<Settled<EW.EgressClientResponse>>();

expectTypeOf<keyof Weft.IngressClientRequest>().toEqualTypeOf<keyof EW.IngressClientRequest>();
expectTypeOf<keyof Weft.BotSegmentAvailableRequest>().toEqualTypeOf<keyof EW.BotSegmentAvailableRequest>();
expectTypeOf<keyof Weft.IngressOriginRequest>().toEqualTypeOf<keyof EW.IngressOriginRequest>();
expectTypeOf<keyof Weft.EgressOriginRequest>().toEqualTypeOf<keyof EW.EgressOriginRequest>();
expectTypeOf<keyof Weft.EgressClientRequest>().toEqualTypeOf<keyof EW.EgressClientRequest>();
expectTypeOf<keyof Weft.ResponseProviderRequest>().toEqualTypeOf<keyof EW.ResponseProviderRequest>();
expectTypeOf<keyof Weft.ResponseObject>().toEqualTypeOf<keyof EW.EgressOriginResponse>();
expectTypeOf<keyof Weft.ResponseObject>().toEqualTypeOf<keyof EW.EgressClientResponse>();

// createRequest's return type follows the handler name.
expectTypeOf(createRequest<'onClientRequest'>).returns.toEqualTypeOf<Weft.IngressClientRequest>();
expectTypeOf(createRequest<'responseProvider'>).returns.toEqualTypeOf<Weft.ResponseProviderRequest>();
expectTypeOf(createResponseObject).returns.toEqualTypeOf<ResponseObject>();

// The sub-objects conform without any deviation.
expectTypeOf<Weft.CacheKey>().toEqualTypeOf<EWCacheKey>();
expectTypeOf<Weft.BotScore>().toExtend<EWBotScore>();
expectTypeOf<Weft.UserLocation>().toEqualTypeOf<EWUserLocation>();
expectTypeOf<Weft.Device>().toExtend<EWDevice>();
expectTypeOf<EWDevice>().toExtend<Weft.Device>();
expectTypeOf<Weft.Destination>().toEqualTypeOf<EWDestination>();
expectTypeOf<Weft.IngressClientRequest['getHeaders']>().returns.toExtend<EW.Headers>();

// The deviations, pinned: remove them and these lines stop compiling.
expectTypeOf<ReturnType<Weft.IngressClientRequest['getHeader']>>().toEqualTypeOf<Exclude<ReturnType<EW.IngressClientRequest['getHeader']>, null> | undefined>();
export function rawConformance(client: Weft.IngressClientRequest, response: Weft.EgressClientResponse, provider: Weft.ResponseProviderRequest): void {
  // @ts-expect-error decisions 2: getHeader returns undefined (not null) for a missing header
  const asEW: EW.ReadsHeaders = response;
  // @ts-expect-error decisions 2 and 3: getHeader, and null userLocation/device without entitlement
  const asRequest: EW.IngressClientRequest = client;
  const settled: Omit<EW.IngressClientRequest, Deviations> = client;
  // @ts-expect-error EW's ReadableStreamEW claims `value` on done results; WHATWG streams do not
  const stream: EW.ReadableStreamEW<Uint8Array> = provider.body;
  void [asEW, asRequest, settled, stream];
}

/**
 * Hands a Weft object to code typed against EW. Sound by the assertions above: the objects differ
 * from the EW typings only in the settled null/undefined rulings, which falsy checks absorb.
 */
function asEW<H extends HandlerName>(request: RequestByHandler[H]): EWByHandler[H] {
  return request as unknown as EWByHandler[H];
}
function asEWResponse(response: ResponseObject): EW.EgressClientResponse {
  return response as unknown as EW.EgressClientResponse;
}

const invocation = (warnings: string[] = []): ObjectInvocation => ({ variableBudget: 1024, respondWithBodyChars: 16_384, onWarning: (m) => warnings.push(m) });

function freshState(init: Partial<RequestState> = {}): RequestState {
  return createRequestState({
    host: 'www.example.com',
    path: '/api/items',
    query: 'q=shoes&page=2',
    headers: new HeaderList([['Accept-Language', 'fr-FR'], ['X-Debug', '1']]),
    userLocation: buildUserLocation({ country: 'FR' }),
    device: buildDevice({ isMobile: 'true' }),
    ...init,
  });
}

describe('a worker written against @types/akamai-edgeworkers runs on Weft objects', () => {
  it('onClientRequest changes headers, variables, cache key and route', () => {
    const state = freshState();
    worker.onClientRequest(asEW<'onClientRequest'>(createRequest('onClientRequest', state, invocation())));
    expect(state.headers.get('x-language')).toEqual(['fr-FR']);
    expect(state.headers.get('x-trace')).toEqual(['a', 'b']);
    expect(state.headers.has('x-debug')).toBe(false);
    expect(state.variables.get('PMUSER_COUNTRY')).toBe('FR');
    expect(state.cacheKeyPolicy.queryArgs).toEqual(['q']);
    expect(state.route).toEqual({ origin: 'api', path: '/items' });
  });

  it('onClientRequest respondWith with deny_reason', () => {
    const state = freshState({ query: 'block=1' });
    const records: unknown[] = [];
    worker.onClientRequest(asEW<'onClientRequest'>(createRequest('onClientRequest', state, { ...invocation(), onRespondWith: (r) => records.push(r) })));
    expect(records).toEqual([expect.objectContaining({ status: 403, body: 'blocked', denyReason: 'query-block' })]);
  });

  it('onBotSegmentAvailable reads the bot score', () => {
    const run = { variableCharsUsed: 0, respondWith: undefined };
    worker.onBotSegmentAvailable(asEW<'onBotSegmentAvailable'>(createRequest('onBotSegmentAvailable', freshState({ botSegment: 'aggressive' }), { ...invocation(), state: run })));
    expect(run.respondWith).toMatchObject({ status: 403, body: 'bot' });
  });

  it('onOriginRequest, onOriginResponse and onClientResponse', () => {
    const state = freshState({ variables: new Map([['PMUSER_COUNTRY', 'FR']]) });
    worker.onOriginRequest(asEW<'onOriginRequest'>(createRequest('onOriginRequest', state, invocation())));
    expect(state.headers.get('x-origin-hint')).toEqual(['FR']);

    const origin = { status: 502, headers: new HeaderList([['Content-Type', 'text/html']]) };
    worker.onOriginResponse(asEW<'onOriginResponse'>(createRequest('onOriginResponse', state, invocation())), asEWResponse(createResponseObject(origin)));
    expect(origin.status).toBe(503);
    expect(origin.headers.get('x-cached-for')).toEqual(['www.example.com']);

    worker.onClientResponse(asEW<'onClientResponse'>(createRequest('onClientResponse', state, invocation())), asEWResponse(createResponseObject(origin)));
    expect(origin.headers.get('x-header-count')).toEqual(['2']);
    expect(origin.headers.get('x-was-terminated')).toEqual(['false']);
    expect(origin.headers.get('x-mobile')).toEqual(['1']);
  });

  it('responseProvider reads the JSON body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":"Ada"}'));
        controller.close();
      },
    });
    const result = await worker.responseProvider(asEW<'responseProvider'>(createRequest('responseProvider', freshState({ method: 'POST', body }), invocation())));
    expect(result).toEqual({ status: 200, body: 'hello Ada from /api/items?q=shoes&page=2' });
  });
});
