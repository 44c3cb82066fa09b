import { describe, expect, it } from 'vitest';
import { callHandler, mockSubrequests, requestFor } from '@weft/testing';
import { onClientRequest, responseProvider } from './worker.ts';

describe('onClientRequest', () => {
  it('sends French visitors to /fr/', async () => {
    const request = requestFor('onClientRequest', { url: '/shoes?size=42', location: { country: 'FR' } });
    const result = await callHandler(onClientRequest, request);
    expect(result.respondWith).toEqual({ status: 302, headers: { location: ['/fr/shoes'] }, body: '', denyReason: undefined });
  });

  it('keys the cache on the session cookie and sets the segment', async () => {
    const request = requestFor('onClientRequest', { url: '/shoes', cookies: { session: 's1' }, device: { isMobile: true } });
    const result = await callHandler(onClientRequest, request);
    expect(result.respondWith).toBeUndefined();
    expect(result.request.cacheKey).toBe('/X/XXX/www.example.com/shoes cid=_session=s1_');
    expect(result.request.variableChanges).toEqual([{ name: 'PMUSER_SEGMENT', before: undefined, after: 'mobile' }]);
  });
});

describe('responseProvider', () => {
  it('prices the cart with two sub-requests', async () => {
    const api = mockSubrequests({
      'GET https://api.example.com/cart': { json: { items: ['tea', 'cup'] } },
      'POST https://api.example.com/prices': (call) => ({ json: call.json<string[]>().map((item) => (item === 'tea' ? 4 : 9)) }),
    });
    const request = requestFor('responseProvider', { url: '/cart', cookies: { session: 's1' } });
    const result = await callHandler(responseProvider, request, { subrequests: api });
    expect(result.response.status).toBe(200);
    expect(await result.response.json()).toEqual({ items: ['tea', 'cup'], prices: [4, 9] });
    expect(api.calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET https://api.example.com/cart', 'POST https://api.example.com/prices']);
    expect(api.calls[0]?.headers.cookie).toBe('session=s1');
    expect(api.calls[1]?.body).toBe('["tea","cup"]');
  });
});
