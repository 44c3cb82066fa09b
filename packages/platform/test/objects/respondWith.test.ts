import { describe, expect, it } from 'vitest';
import { RespondWithBodyLimitError } from '../../src/index.ts';
import { harness } from './helpers.ts';

describe('respondWith (spec §3.4)', () => {
  it('records the response and reports it to the runtime', () => {
    const { request, responses, run } = harness('onClientRequest');
    request.respondWith(200, { 'Content-Type': 'text/plain', 'X-List': ['1', '2'] }, 'hello');
    expect(responses).toHaveLength(1);
    const record = responses[0];
    expect(record?.status).toBe(200);
    expect(record?.body).toBe('hello');
    expect(record?.headers.get('content-type')).toEqual(['text/plain']);
    expect(record?.headers.get('x-list')).toEqual(['1', '2']);
    expect(run.respondWith).toBe(record);
  });

  // spec §3.4: with multiple calls the last call wins.
  it('lets the last call win', () => {
    const { request, run, responses } = harness('onOriginRequest');
    request.respondWith(201, {}, 'first');
    request.respondWith(503, {}, 'second');
    expect(run.respondWith?.status).toBe(503);
    expect(run.respondWith?.body).toBe('second');
    expect(responses.map((r) => r.status)).toEqual([201, 503]);
  });

  // spec §3.4: wasTerminated is true once respondWith was called in this invocation (decisions 11).
  it('makes wasTerminated true in the same invocation only', () => {
    const { request, state } = harness('onClientResponse');
    expect(request.wasTerminated()).toBe(false);
    request.respondWith(200, {}, '');
    expect(request.wasTerminated()).toBe(true);
    const next = harness('onClientResponse', { ...state });
    expect(next.request.wasTerminated()).toBe(false);
  });

  // spec §3.4, decisions 5: status must be 200–599; anything else throws a RangeError naming the value.
  it('throws a RangeError naming a status outside 200–599', () => {
    const { request, run } = harness('onClientRequest');
    for (const status of [199, 600, 100, 302.5, Number.NaN]) {
      expect(() => request.respondWith(status, {}, ''), String(status)).toThrow(RangeError);
    }
    expect(() => request.respondWith(600, {}, '')).toThrow(/respondWith: status 600 is not allowed; use an integer from 200 to 599/);
    expect(() => Reflect.apply(request.respondWith, request, ['200', {}, ''])).toThrow(/status "200"/);
    expect(run.respondWith).toBeUndefined();
    expect(request.wasTerminated()).toBe(false);
  });

  it('accepts the bounds 200 and 599', () => {
    const { request } = harness('onBotSegmentAvailable');
    request.respondWith(200, {}, '');
    request.respondWith(599, {}, '');
    expect(request.wasTerminated()).toBe(true);
  });

  // decisions 4: the current profile allows 16,384 characters; over the limit respondWith throws ([TYPES]).
  it('throws when the body exceeds the current limit', () => {
    const { request, run } = harness('onClientRequest');
    expect(() => request.respondWith(200, {}, 'a'.repeat(16_384))).not.toThrow();
    expect(() => request.respondWith(200, {}, 'a'.repeat(16_385))).toThrow(RespondWithBodyLimitError);
    expect(() => request.respondWith(200, {}, 'a'.repeat(16_385))).toThrow(/16385 characters; the limit is 16384/);
    expect(run.respondWith?.body.length).toBe(16_384);
  });

  // decisions 4: the 2025-03 profile keeps the 2048-character limit.
  it('applies the 2025-03 limit of 2048 characters', () => {
    const { request } = harness('onClientRequest', {}, { respondWithBodyChars: 2048 });
    expect(() => request.respondWith(200, {}, 'é'.repeat(2048))).not.toThrow();
    expect(() => request.respondWith(200, {}, 'é'.repeat(2049))).toThrow(RespondWithBodyLimitError);
  });

  // decisions 26: primitives become strings in headers and body.
  it('converts primitive header values and bodies with String()', () => {
    const { request, run } = harness('onClientRequest');
    Reflect.apply(request.respondWith, request, [200, { 'X-Count': 3 }, 42]);
    expect(run.respondWith?.headers.get('x-count')).toEqual(['3']);
    expect(run.respondWith?.body).toBe('42');
  });

  // decisions 26: a missing body converts like any primitive, as a V8 binding's string argument does.
  it('converts an undefined body to "undefined", as String() does', () => {
    const { request, run } = harness('onClientRequest');
    Reflect.apply(request.respondWith, request, [204, {}]);
    expect(run.respondWith?.body).toBe('undefined');
  });

  it('throws a TypeError for headers that are not an object, or an object body', () => {
    const { request } = harness('onClientRequest');
    expect(() => Reflect.apply(request.respondWith, request, [200, null, ''])).toThrow(/respondWith: headers null must be an object/);
    expect(() => Reflect.apply(request.respondWith, request, [200])).toThrow(/respondWith: headers undefined must be an object/);
    expect(() => Reflect.apply(request.respondWith, request, [200, ['a'], ''])).toThrow(TypeError);
    expect(() => Reflect.apply(request.respondWith, request, [200, {}, { html: true }])).toThrow(/respondWith: body is an object/);
  });

  // spec §3.2 rules apply to respondWith headers: invalid names and CR/LF values throw TypeError.
  it('validates header names and values', () => {
    const { request } = harness('onClientRequest');
    expect(() => request.respondWith(200, { 'Bad Name': 'x' }, '')).toThrow(/respondWith: header name "Bad Name"/);
    expect(() => request.respondWith(200, { 'X-A': 'a\r\nb' }, '')).toThrow(/respondWith: value of header "X-A"/);
  });

  // decisions 15: Set-Cookie is allowed locally, with a warning for the trace.
  it('allows Set-Cookie with a warning', () => {
    const { request, run } = harness('onClientRequest');
    request.respondWith(200, { 'Set-Cookie': ['a=1', 'b=2'] }, '');
    expect(run.respondWith?.headers.get('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(run.respondWith?.warnings).toHaveLength(1);
    expect(run.respondWith?.warnings[0]).toMatch(/Set-Cookie allowed locally/);
  });

  // Last call wins (§3.4), so the notes of a replaced call disappear with it; none go through onWarning.
  it('keeps the notes of the winning call only', () => {
    const { request, run, warnings } = harness('onClientRequest');
    request.respondWith(200, { 'Set-Cookie': 'a=1' }, '');
    request.respondWith(200, {}, '');
    expect(run.respondWith?.warnings).toEqual([]);
    expect(warnings).toEqual([]);
  });

  // spec §3.4: hop-by-hop headers and Content-Length must not be set (dropped with a warning);
  // Host and Vary should not be set (kept with a warning); internal headers are ignored (§2.3.9).
  it('drops hop-by-hop headers and warns about discouraged ones', () => {
    const { request, run } = harness('onClientRequest');
    request.respondWith(200, { Connection: 'close', 'Transfer-Encoding': 'chunked', 'Content-Length': '3', Vary: 'Accept', 'X-Akamai-Thing': '1', 'X-Ok': 'y' }, 'abc');
    const headers = run.respondWith?.headers;
    expect(headers?.has('connection')).toBe(false);
    expect(headers?.has('transfer-encoding')).toBe(false);
    expect(headers?.has('content-length')).toBe(false);
    expect(headers?.has('x-akamai-thing')).toBe(false);
    expect(headers?.get('vary')).toEqual(['Accept']);
    expect(headers?.get('x-ok')).toEqual(['y']);
    expect(run.respondWith?.warnings).toHaveLength(5);
  });

  // spec §2.4: respondWith is documented for GET, HEAD, POST, PUT, PATCH, DELETE; OPTIONS gets a note.
  it('notes respondWith on an OPTIONS request', () => {
    const { request, run } = harness('onClientRequest', { method: 'OPTIONS' });
    request.respondWith(204, { Allow: 'GET' }, '');
    expect(run.respondWith?.warnings[0]).toMatch(/OPTIONS request.*spec §2\.4/);
    const get = harness('onClientRequest', { method: 'GET' });
    get.request.respondWith(204, {}, '');
    expect(get.run.respondWith?.warnings).toEqual([]);
  });

  // decisions 27: no Content-Type is added.
  it('adds no Content-Type', () => {
    const { request, run } = harness('onClientRequest');
    request.respondWith(200, {}, '<p>hi</p>');
    expect(run.respondWith?.headers.size).toBe(0);
  });

  // spec §3.4: deny_reason is used only when the status is 403.
  it('keeps deny_reason for 403 only', () => {
    const { request, run } = harness('onClientRequest');
    request.respondWith(403, {}, 'denied', 'geo-block');
    expect(run.respondWith?.denyReason).toBe('geo-block');
    request.respondWith(404, {}, 'gone', 'ignored');
    expect(run.respondWith?.denyReason).toBeUndefined();
    expect(run.respondWith?.warnings.at(-1)).toMatch(/deny_reason ignored/);
  });
});
