import { describe, expect, it } from 'vitest';
import { buildCacheKey, cloneRequestState } from '../../src/index.ts';
import { harness } from './helpers.ts';

const BASE = '/X/XXX/www.example.com/search';

function clientRequest(query = 'q=something', headerPairs: Array<[string, string]> = []) {
  return harness('onClientRequest', { host: 'www.example.com', path: '/search', query, headerPairs });
}

describe('cache key (spec §5, decisions 32)', () => {
  // spec §5 table: by default the whole query string is part of the key.
  it('includes the whole query by default', () => {
    const { state } = clientRequest();
    expect(buildCacheKey(state)).toBe(`${BASE}?q=something`);
  });

  it('has no "?" when the request has no query', () => {
    expect(buildCacheKey(clientRequest('').state)).toBe(BASE);
  });

  // spec §5 table: excludeQueryString() drops the query; includeQueryString() restores it.
  it('excludes and restores the query string', () => {
    const { request, state } = clientRequest();
    request.cacheKey.excludeQueryString();
    expect(buildCacheKey(state)).toBe(BASE);
    request.cacheKey.includeQueryString();
    expect(buildCacheKey(state)).toBe(`${BASE}?q=something`);
  });

  // spec §5 table: includeQueryArgument keeps only the named arguments, in their original order.
  it('keeps only included arguments, in the order of the request', () => {
    const { request, state } = clientRequest('s=nextthing&x=1&q=something&q=again');
    request.cacheKey.includeQueryArgument('q');
    request.cacheKey.includeQueryArgument('s');
    expect(buildCacheKey(state)).toBe(`${BASE}?s=nextthing&q=something&q=again`);
  });

  // spec §5: includeQueryArgument takes precedence over exclude/includeQueryString, whatever the call order.
  it('lets includeQueryArgument win in any order', () => {
    const before = clientRequest('q=something&s=nextthing');
    before.request.cacheKey.excludeQueryString();
    before.request.cacheKey.includeQueryArgument('q');
    expect(buildCacheKey(before.state)).toBe(`${BASE}?q=something`);
    const after = clientRequest('q=something&s=nextthing');
    after.request.cacheKey.includeQueryArgument('q');
    after.request.cacheKey.includeQueryString();
    expect(buildCacheKey(after.state)).toBe(`${BASE}?q=something`);
  });

  it('drops the "?" when no included argument is present, and matches decoded names', () => {
    const absent = clientRequest('x=1');
    absent.request.cacheKey.includeQueryArgument('q');
    expect(buildCacheKey(absent.state)).toBe(BASE);
    const encoded = clientRequest('my%20arg=1&flag');
    encoded.request.cacheKey.includeQueryArgument('my arg');
    encoded.request.cacheKey.includeQueryArgument('flag');
    expect(buildCacheKey(encoded.state)).toBe(`${BASE}?my%20arg=1&flag`);
  });

  // spec §5 table: includeCookie('cookie1') → "… cid=_cookie1=value1_".
  it('adds an included cookie to the cid', () => {
    const { request, state } = clientRequest('', [['Cookie', 'other=x; cookie1=value1']]);
    request.cacheKey.includeCookie('cookie1');
    expect(buildCacheKey(state)).toBe(`${BASE} cid=_cookie1=value1_`);
  });

  // spec §5 table: includeHeader('X-MyHeader') → "… cid=_X-MyHeader=MyValue_".
  it('adds an included header to the cid', () => {
    const { request, state } = clientRequest('', [['x-myheader', 'MyValue']]);
    request.cacheKey.includeHeader('X-MyHeader');
    expect(buildCacheKey(state)).toBe(`${BASE} cid=_X-MyHeader=MyValue_`);
  });

  // spec §5 table: includeVariable('PMUSER_MYVARIABLE') → "… cid=_PMUSER_MYVARIABLE=MYVALUE_".
  it('adds an included variable to the cid', () => {
    const { request, state } = clientRequest('');
    request.setVariable('PMUSER_MYVARIABLE', 'MYVALUE');
    request.cacheKey.includeVariable('PMUSER_MYVARIABLE');
    expect(buildCacheKey(state)).toBe(`${BASE} cid=_PMUSER_MYVARIABLE=MYVALUE_`);
  });

  it('joins several cid entries (cookies, then headers, then variables) and keeps the query', () => {
    const { request, state } = clientRequest('q=something', [['Cookie', 'cookie1=value1'], ['X-MyHeader', 'MyValue']]);
    request.setVariable('PMUSER_V', 'v');
    request.cacheKey.includeVariable('PMUSER_V');
    request.cacheKey.includeHeader('X-MyHeader');
    request.cacheKey.includeCookie('cookie1');
    request.cacheKey.includeCookie('cookie1');
    expect(buildCacheKey(state)).toBe(`${BASE}?q=something cid=_cookie1=value1_X-MyHeader=MyValue_PMUSER_V=v_`);
  });

  // spec §5: only the end-user's original cookies and headers count; setHeader values cannot be keyed.
  it('keys only on the original request headers and cookies', () => {
    const { request, state } = clientRequest('', [['X-MyHeader', 'MyValue'], ['Cookie', 'a=1']]);
    request.setHeader('X-MyHeader', 'changed');
    request.setHeader('X-Added', 'new');
    request.setHeader('Cookie', 'a=2; b=3');
    request.cacheKey.includeHeader('X-MyHeader');
    request.cacheKey.includeHeader('X-Added');
    request.cacheKey.includeCookie('a');
    request.cacheKey.includeCookie('b');
    expect(buildCacheKey(state)).toBe(`${BASE} cid=_a=1_X-MyHeader=MyValue_`);
  });

  it('gives different keys for different included values, and lower-cases the host', () => {
    const a = harness('onClientRequest', { host: 'WWW.Example.com', path: '/p', query: '', headerPairs: [['X-Tier', 'gold']] });
    const b = harness('onClientRequest', { host: 'www.example.com', path: '/p', query: '', headerPairs: [['X-Tier', 'silver']] });
    a.request.cacheKey.includeHeader('x-tier');
    b.state.cacheKeyPolicy = cloneRequestState(a.state).cacheKeyPolicy;
    expect(buildCacheKey(a.state)).toBe('/X/XXX/www.example.com/p cid=_x-tier=gold_');
    expect(buildCacheKey(b.state)).toBe('/X/XXX/www.example.com/p cid=_x-tier=silver_');
  });

  // An included cookie, header or variable the request lacks adds nothing to the cid.
  it('leaves absent cookies, headers and variables out of the cid', () => {
    const { request, state } = clientRequest('', [['Cookie', 'a=1']]);
    request.cacheKey.includeCookie('missing');
    request.cacheKey.includeHeader('X-Missing');
    request.cacheKey.includeVariable('PMUSER_MISSING');
    expect(buildCacheKey(state)).toBe(BASE);
    request.cacheKey.includeCookie('a');
    expect(buildCacheKey(state)).toBe(`${BASE} cid=_a=1_`);
  });

  it('puts a CP code in place of XXX when given', () => {
    expect(buildCacheKey(clientRequest('').state, { cpCode: 12345 })).toBe('/X/12345/www.example.com/search');
  });

  // spec §5: includeVariable accepts PMUSER_ upper-case names only; other names throw, naming the value.
  it('validates names', () => {
    const { request } = clientRequest();
    expect(() => request.cacheKey.includeVariable('pmuser_x')).toThrow(/includeVariable: name "pmuser_x"/);
    expect(() => request.cacheKey.includeHeader('bad name')).toThrow(TypeError);
    expect(() => request.cacheKey.includeCookie('')).toThrow(/includeCookie: name "" must be a non-empty string/);
    expect(() => Reflect.apply(request.cacheKey.includeQueryArgument, undefined, [7])).toThrow(/includeQueryArgument: name 7/);
  });

  it('is one stable, frozen object per request', () => {
    const { request } = clientRequest();
    expect(request.cacheKey).toBe(request.cacheKey);
    expect(Object.isFrozen(request.cacheKey)).toBe(true);
  });
});
