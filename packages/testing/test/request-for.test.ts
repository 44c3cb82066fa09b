/** requestFor and responseFor (issue 15): options become the request state the runtime would build. */
import { describe, expect, it } from 'vitest';
import { callHandler, requestFor, responseFor } from '@weft/testing';
import * as edgeCases from './worker/edge-cases.ts';

describe('requestFor options', () => {
  it('reads an absolute url into scheme, host, path and query', () => {
    const request = requestFor('onClientRequest', { url: 'http://shop.example.com/cart?x=1' });
    expect([request.scheme, request.host, request.path, request.query, request.url]).toEqual(['http', 'shop.example.com', '/cart', 'x=1', '/cart?x=1']);
    expect(request.getHeader('host')).toEqual(['shop.example.com']);
  });

  it('encodes a query record, and defaults as documented', () => {
    const request = requestFor('onOriginRequest', { path: '/s', query: { q: 'green tea', tag: ['a', 'b'] } });
    expect(request.url).toBe('/s?q=green+tea&tag=a&tag=b');
    const plain = requestFor('onClientResponse');
    expect([plain.method, plain.scheme, plain.host, plain.url, plain.clientIp, plain.cpCode]).toEqual(['GET', 'https', 'www.example.com', '/', '192.0.2.1', 0]);
  });

  it('adds cookies as one Cookie header and keeps the given headers in order', () => {
    const request = requestFor('onClientRequest', { headers: [['accept', 'text/html'], ['x-a', '1'], ['x-a', '2']], cookies: { a: '1', b: '2' } });
    expect(request.getHeaders()).toEqual({ accept: ['text/html'], 'x-a': ['1', '2'], host: ['www.example.com'], cookie: ['a=1; b=2'] });
  });

  it('hides sensitive variables from the worker and refuses to set them', () => {
    const request = requestFor('onClientRequest', { variables: { PMUSER_TOKEN: 't', PMUSER_OPEN: 'o' }, sensitiveVariables: ['PMUSER_TOKEN'] });
    expect(request.getVariable('PMUSER_TOKEN')).toBeUndefined();
    expect(request.getVariable('PMUSER_OPEN')).toBe('o');
    expect(() => request.setVariable('PMUSER_TOKEN', 'x')).toThrow(/sensitive/);
  });

  it('accepts OPTIONS only with PMUSER_EW_ENABLE_OPTIONS, as the edge runs handlers', () => {
    expect(() => requestFor('onClientRequest', { method: 'options' })).toThrow('add variables: { PMUSER_EW_ENABLE_OPTIONS: \'true\' }');
    expect(requestFor('onClientRequest', { method: 'options', variables: { PMUSER_EW_ENABLE_OPTIONS: 'true' } }).method).toBe('OPTIONS');
  });

  it('reads the responseProvider body once, as text, JSON, bytes or a stream', async () => {
    expect(await requestFor('responseProvider', { method: 'POST', body: 'a=1' }).text()).toBe('a=1');
    expect(new Uint8Array(await requestFor('responseProvider', { body: new Uint8Array([1, 2]) }).arrayBuffer())).toEqual(new Uint8Array([1, 2]));
    const once = requestFor('responseProvider', { body: '{"n":1}' });
    expect(await once.json()).toEqual({ n: 1 });
    await expect(once.text()).rejects.toThrow(/already been read/);
  });

  it('rejects what a handler cannot have, and option values of the wrong type', () => {
    expect(() => requestFor('onClientRequest', { botSegment: 'human' })).toThrow('botSegment sets request.botScore, which only onBotSegmentAvailable has');
    expect(() => requestFor('onClientRequest', { botSegment: 'robot' } as never)).toThrow('botSegment expected one of "human"');
    expect(() => requestFor('onClientRequest', { device: { isMobile: 'yes' } } as never)).toThrow('device.isMobile expected boolean, got "yes"');
    expect(() => requestFor('onClientRequest', { variables: { country: 'FR' } } as never)).toThrow(/variables/);
    expect(() => requestFor('onClientRequest', { path: 'shoes' })).toThrow('path "shoes" must start with "/"');
    expect(() => requestFor('onClientRequest', { url: 'ftp://x/' })).toThrow('must use http or https');
    expect(() => requestFor('onClientRequest', { host: 'a.example', headers: { host: 'b.example' } })).toThrow('the Host header "b.example" and the host "a.example" differ');
    expect(() => responseFor('onOriginResponse', { status: 99 })).toThrow(/status/);
  });
});

describe('callHandler invocations', () => {
  it('applies the tier\'s variable budget and starts each call afresh', async () => {
    const long = 'x'.repeat(1000);
    const request = requestFor('onClientRequest', { query: { PMUSER_A: long, PMUSER_B: long } });
    await expect(callHandler(edgeCases.onClientRequest, request)).rejects.toThrow(/budget for variables set in one handler execution/);
    const once = requestFor('onClientRequest', { query: { PMUSER_A: long } });
    await callHandler(edgeCases.onClientRequest, once);
    // The same request again is a new invocation with a fresh budget; the variable is already set.
    expect((await callHandler(edgeCases.onClientRequest, once)).request.variableChanges).toEqual([]);
  });

  it('answers with the last respondWith call and reports the platform\'s notes', async () => {
    const result = await callHandler(edgeCases.onClientRequest, requestFor('onClientRequest', { headers: { 'x-answer': '1' } }));
    expect(result.respondWith).toEqual({ status: 201, headers: { 'set-cookie': ['a=1'] }, body: 'second', denyReason: undefined });
    expect(result.warnings).toEqual([expect.stringContaining('respondWith: Set-Cookie allowed locally')]);
  });
});
