/**
 * Unit tests of one handler (issue 15), written as a user writes them: the worker module imported
 * directly, its built-in modules resolved by the Vitest aliases, the request and response objects
 * from @weft/testing's factories, sub-requests answered and recorded by mockSubrequests.
 */
import { describe, expect, it } from 'vitest';
import { callHandler, HandlerMemberError, mockSubrequests, requestFor, responseFor, runHandler, TestingError, UnmatchedSubrequestError } from '@weft/testing';
import * as worker from './worker/main.ts';
import * as misuse from './worker/misuse.ts';

describe('callHandler: onClientRequest', () => {
  it('shows the header, variable, route and cache-key changes the handler made', async () => {
    const request = requestFor('onClientRequest', {
      url: '/search?q=tea&page=2',
      headers: { 'x-debug': '1' },
      cookies: { session: 'abc' },
      location: { country: 'FR', city: 'PARIS' },
      device: { isMobile: true },
    });
    const result = await callHandler(worker.onClientRequest, request);
    expect(result.respondWith).toBeUndefined();
    expect(result.request.headers['x-country']).toEqual(['FR']);
    expect(result.request.headerChanges).toEqual([
      { name: 'x-debug', before: ['1'], after: [] },
      { name: 'x-country', before: [], after: ['FR'] },
    ]);
    expect(result.request.variables).toEqual({ PMUSER_COUNTRY: 'FR' });
    expect(result.request.route).toEqual({ path: '/m/search' });
    expect(result.request.cacheKey).toBe('/X/XXX/www.example.com/search?q=tea cid=_session=abc_');
    expect(result.logs.map((log) => log.message)).toEqual(['client request from FR']);
  });

  it('records respondWith: status, headers, body and deny reason', async () => {
    const result = await callHandler(worker.onClientRequest, requestFor('onClientRequest', { path: '/private' }));
    expect(result.respondWith).toEqual({ status: 403, headers: { 'content-type': ['text/plain'] }, body: 'members only', denyReason: 'not-signed-in' });
  });

  it('builds userLocation and device as the platform types them, and null without the entitlement', async () => {
    const request = requestFor('onClientRequest', { location: { country: 'US', areaCodes: ['617'] }, device: { resolutionWidth: 1080 } });
    expect(request.userLocation?.areaCodes).toEqual(['617']);
    expect(request.device?.resolutionWidth).toBe(1080);
    expect(request.device?.isMobile).toBeUndefined();
    const bare = requestFor('onClientRequest', { location: null, device: null });
    expect(bare.userLocation).toBeNull();
    expect((await callHandler(worker.onClientRequest, bare)).request.variables).toEqual({ PMUSER_COUNTRY: 'US' });
  });
});

describe('callHandler: the other handlers', () => {
  it('onBotSegmentAvailable reads the bot segment', async () => {
    const human = await callHandler(worker.onBotSegmentAvailable, requestFor('onBotSegmentAvailable'));
    expect(human.respondWith).toBeUndefined();
    const bot = await callHandler(worker.onBotSegmentAvailable, requestFor('onBotSegmentAvailable', { botSegment: 'aggressive' }));
    expect(bot.respondWith?.status).toBe(429);
  });

  it('onOriginRequest changes the headers the origin gets', async () => {
    const result = await callHandler(worker.onOriginRequest, requestFor('onOriginRequest'));
    expect(result.request.headerChanges).toEqual([{ name: 'x-origin-auth', before: [], after: ['secret'] }]);
  });

  it('onOriginResponse changes the response status and headers', async () => {
    const request = requestFor('onOriginResponse', { variables: { PMUSER_COUNTRY: 'JP' } });
    const response = responseFor('onOriginResponse', { status: 404, headers: { 'content-type': 'text/html' } });
    const result = await callHandler(worker.onOriginResponse, request, { response });
    expect(result.response.status).toBe(410);
    expect(result.response.headers).toEqual({ 'content-type': ['text/html'], 'x-served-for': ['JP'] });
    expect(result.response.headerChanges).toEqual([{ name: 'x-served-for', before: [], after: ['JP'] }]);
  });

  it('onClientResponse gets a 200 without headers when no response is given', async () => {
    const result = await runHandler(worker, 'onClientResponse', { response: { headers: { server: 'origin' } } });
    expect(result.response.headers).toEqual({ 'x-powered-by': ['weft'] });
    const bare = await runHandler(worker, 'onClientResponse');
    expect(bare.response).toEqual({ status: 200, headers: { 'x-powered-by': ['weft'] }, headerChanges: [{ name: 'x-powered-by', before: [], after: ['weft'] }] });
  });
});

describe('responseProvider with mockSubrequests', () => {
  it('answers sub-requests from the table and records method, URL, headers and body', async () => {
    const api = mockSubrequests({
      'GET https://api.example.com/products/*': { json: { name: 'Sencha' } },
      'GET /stock/*': { body: 'yes' },
    });
    const result = await callHandler(worker.responseProvider, requestFor('responseProvider', { url: '/product?id=7' }), { subrequests: api });
    expect(result.response.status).toBe(200);
    expect(await result.response.json()).toEqual({ name: 'Sencha', inStock: true });
    expect(api.calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET https://api.example.com/products/7', 'GET https://www.example.com/stock/7']);
    expect(api.calls[1]?.headers).toMatchObject({ authorization: 'Bearer local', host: 'www.example.com' });
    expect(api.calls[1]?.route).toBe('GET /stock/*');
    expect(result.subrequests).toEqual(api.calls);
    expect(result.subrequests[0]?.handler).toBe('responseProvider');
  });

  it('reads the client body and sends a POST whose body a function route sees', async () => {
    const request = requestFor('responseProvider', { method: 'POST', url: '/order?id=3', body: JSON.stringify({ quantity: 2 }) });
    const result = await callHandler(worker.responseProvider, request, {
      subrequests: { 'POST https://api.example.com/orders': (call) => ({ status: 201, json: { placed: call.json() } }) },
    });
    expect(result.response.status).toBe(201);
    expect(await result.response.json()).toEqual({ placed: { id: '3', quantity: 2 } });
    expect(result.subrequests[0]).toMatchObject({ method: 'POST', body: '{"id":"3","quantity":2}', headers: { 'content-type': 'application/json' } });
  });

  it('lets a route answer with an error status, a network failure or a WHATWG Response', async () => {
    const failing = mockSubrequests({ 'https://api.example.com/products/*': { status: 503 }, '/stock/*': new Response('no') });
    const result = await callHandler(worker.responseProvider, requestFor('responseProvider'), { subrequests: failing });
    expect(result.response.status).toBe(502);
    expect(await result.response.text()).toBe('product API answered 503');
    const down = mockSubrequests({ '*': { error: 'connection refused' } });
    await expect(callHandler(worker.responseProvider, requestFor('responseProvider'), { subrequests: down })).rejects.toThrow(/api\.example\.com\/products\/1 failed: connection refused/);
  });

  it('fails on a sub-request no route answers, naming it and the route to add', async () => {
    const api = mockSubrequests({ 'GET https://api.example.com/products/*': { json: { name: 'Sencha' } } });
    const call = callHandler(worker.responseProvider, requestFor('responseProvider', { url: '/?id=9' }), { subrequests: api });
    await expect(call).rejects.toThrow(UnmatchedSubrequestError);
    await expect(call).rejects.toThrow("no route answers the sub-request GET https://www.example.com/stock/9 (routes: GET https://api.example.com/products/*); add one, e.g. mockSubrequests({ 'GET https://www.example.com/stock/9': { status: 200, body: '...' } })");
    expect(api.unmatched.map((c) => c.url)).toEqual(['https://www.example.com/stock/9']);
  });

  it('fails when no sub-requests were allowed at all', async () => {
    await expect(runHandler(worker, 'responseProvider')).rejects.toThrow(/no route answers the sub-request GET https:\/\/api\.example\.com\/products\/1 \(the table has no routes\)/);
  });
});

describe('member rules, as the runtime enforces them', () => {
  it('gives each handler exactly its members', () => {
    expect('setHeader' in requestFor('onClientRequest')).toBe(true);
    expect('setHeader' in requestFor('onOriginResponse')).toBe(false);
    expect('respondWith' in requestFor('responseProvider')).toBe(false);
    expect('botScore' in requestFor('onBotSegmentAvailable')).toBe(true);
    expect('cacheKey' in requestFor('onClientResponse')).toBe(false);
  });

  it('explains a member the handler does not have', async () => {
    const call = callHandler(misuse.onOriginResponse, requestFor('onOriginResponse'));
    await expect(call).rejects.toThrow(HandlerMemberError);
    await expect(call).rejects.toThrow(
      'onOriginResponse used request.setHeader, which the onOriginResponse request does not have (spec §2.2); only onClientRequest, onOriginRequest have it; in onOriginResponse and onClientResponse, change the response headers (response.setHeader) instead. At the edge this throws: TypeError: request.setHeader is not a function',
    );
    await expect(callHandler(misuse.onClientResponse, requestFor('onClientResponse'))).rejects.toThrow(/used request\.cacheKey.*only onClientRequest has it; change the cache key in onClientRequest/);
    await expect(callHandler(misuse.responseProvider, requestFor('responseProvider'))).rejects.toThrow(/used request\.respondWith.*resolving with createResponse\(\)/);
  });

  it('explains an assignment to a read-only property', async () => {
    const error: unknown = await callHandler(misuse.onClientRequest, requestFor('onClientRequest')).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HandlerMemberError);
    expect((error as HandlerMemberError).message).toMatch(/^onClientRequest assigned request\.path, which is read-only \(spec §3\.1\); to send the request to another path, call request\.route\(\{ path \}\)/);
    expect((error as HandlerMemberError).cause).toBeInstanceOf(TypeError);
  });

  it('keeps the platform checks of each member', async () => {
    const request = requestFor('onClientRequest');
    expect(() => request.setVariable('country', 'FR')).toThrow(/is not a PM user variable/);
    expect(() => request.respondWith(700, {}, '')).toThrow(RangeError);
    expect(() => responseFor('onClientResponse').status = 99).toThrow(/response\.status/);
  });
});

describe('bad input gets a clear error', () => {
  it('an unknown option, with the nearest known one', async () => {
    expect(() => requestFor('onClientRequest', { locaton: { country: 'FR' } } as never)).toThrow('requestFor("onClientRequest"): unknown option locaton; did you mean "location"?');
    expect(() => requestFor('onClientRequest', { location: { contry: 'FR' } } as never)).toThrow('unknown option location.contry; did you mean "country"?');
    expect(() => responseFor('onOriginResponse', { stauts: 200 } as never)).toThrow('unknown option stauts; did you mean "status"?');
    await expect(callHandler(worker.onClientRequest, requestFor('onClientRequest'), { respnse: 1 } as never)).rejects.toThrow('unknown option respnse; did you mean "response"?');
  });

  it('a wrong handler name', async () => {
    expect(() => requestFor('onClientReqest' as never)).toThrow('requestFor: "onClientReqest" is not an EdgeWorkers event handler; did you mean "onClientRequest"?');
    expect(() => responseFor('onClientRequest' as never)).toThrow('responseFor: onClientRequest has no response object; only onOriginResponse and onClientResponse receive one');
    await expect(runHandler(misuse, 'onOriginRequest')).rejects.toThrow('runHandler: the worker module does not export onOriginRequest; it exports onClientRequest, onOriginResponse, onClientResponse, responseProvider');
  });

  it('a request made for another handler, or options a handler cannot have', async () => {
    await expect(callHandler(worker.onClientResponse, requestFor('onClientRequest'))).rejects.toThrow('callHandler: onClientResponse was given the request object of onClientRequest; make it with requestFor("onClientResponse", ...)');
    await expect(callHandler(worker.onClientRequest, {} as never)).rejects.toThrow(TestingError);
    expect(() => requestFor('onClientRequest', { body: 'x' })).toThrow('body is readable in responseProvider only');
    expect(() => requestFor('onClientRequest', { method: 'TRACE' })).toThrow('runs no event handler at the edge');
    expect(() => requestFor('onClientRequest', { url: '/a', path: '/b' })).toThrow('give either `url` or `path`/`query`, not both');
  });

  it('a route answer with a misspelt field', async () => {
    const api = mockSubrequests({ '*': { stauts: 200 } as never });
    await expect(callHandler(worker.responseProvider, requestFor('responseProvider'), { subrequests: api })).rejects.toThrow('mockSubrequests: the answer of route "*" is invalid: unknown field "stauts"; did you mean "status"?');
  });
});
