import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

const pairs: Array<[string, string]> = [['Accept', 'text/html'], ['X-Multi', 'a'], ['Cookie', 'c=1'], ['x-multi', 'b']];

describe('request header readers (spec §3.2)', () => {
  it('reads case-insensitively, one element per line', () => {
    const { request } = harness('onClientResponse', { headerPairs: pairs });
    expect(request.getHeader('x-MULTI')).toEqual(['a', 'b']);
  });

  // decisions 2: a missing header is undefined (not null, not "").
  it('returns undefined for a missing header or a non-string name', () => {
    const { request } = harness('responseProvider', { headerPairs: pairs });
    expect(request.getHeader('missing')).toBeUndefined();
    expect(Reflect.apply(request.getHeader, request, [42])).toBeUndefined();
  });

  // spec §3.2: lower-case keys in received order; a fresh snapshot each call.
  it('returns a fresh snapshot of all headers', () => {
    const { request } = harness('onBotSegmentAvailable', { headerPairs: pairs });
    const all = request.getHeaders();
    expect(Object.keys(all)).toEqual(['accept', 'x-multi', 'cookie']);
    all.accept = ['changed'];
    expect(request.getHeader('accept')).toEqual(['text/html']);
    expect(request.getHeaders()).not.toBe(all);
  });

  it('returns a copy from getHeader', () => {
    const { request } = harness('onClientRequest', { headerPairs: pairs });
    request.getHeader('accept')?.push('x');
    expect(request.getHeader('accept')).toEqual(['text/html']);
  });
});

describe('request header mutators (spec §3.2)', () => {
  it('setHeader replaces every value; arrays give several lines', () => {
    const { request, state } = harness('onClientRequest', { headerPairs: pairs });
    request.setHeader('X-MULTI', 'only');
    expect(request.getHeader('x-multi')).toEqual(['only']);
    request.setHeader('X-List', ['1', '2']);
    expect(state.headers.get('x-list')).toEqual(['1', '2']);
  });

  // spec §4 example: addHeader on an existing header gives two lines.
  it('addHeader appends or creates', () => {
    const { request } = harness('onOriginRequest', { headerPairs: [['Powered-By', 'Akamai']] });
    request.addHeader('Powered-By', 'Akamai ION');
    expect(request.getHeader('powered-by')).toEqual(['Akamai', 'Akamai ION']);
    request.addHeader('X-New', ['1', '2']);
    expect(request.getHeader('x-new')).toEqual(['1', '2']);
  });

  // [INFERRED] §3.2: an empty array is zero header lines: setHeader removes, addHeader adds nothing.
  it('treats an empty array as no lines', () => {
    const { request } = harness('onClientRequest', { headerPairs: pairs });
    request.setHeader('Accept', []);
    request.addHeader('X-None', []);
    expect(request.getHeader('accept')).toBeUndefined();
    expect(request.getHeader('x-none')).toBeUndefined();
  });

  it('removeHeader removes every value', () => {
    const { request } = harness('onClientRequest', { headerPairs: pairs });
    request.removeHeader('X-Multi');
    expect(request.getHeader('x-multi')).toBeUndefined();
    expect(() => request.removeHeader('never-there')).not.toThrow();
  });

  // decisions 26: primitives are converted with String().
  it('converts primitive values with String()', () => {
    const { request } = harness('onClientRequest');
    Reflect.apply(request.setHeader, request, ['X-Num', 42]);
    Reflect.apply(request.addHeader, request, ['X-Num', [true, 7n]]);
    expect(request.getHeader('x-num')).toEqual(['42', 'true', '7']);
  });

  // spec §3.2 [INFERRED]: invalid names throw a TypeError that names the header.
  it('throws a TypeError for an invalid name', () => {
    const { request } = harness('onClientRequest');
    for (const name of ['', 'bad name', 'x:y', 'naïve', 'a\r\nb']) {
      expect(() => request.setHeader(name, 'v')).toThrow(TypeError);
    }
    expect(() => request.addHeader('bad name', 'v')).toThrow(/addHeader: header name "bad name" is not a valid HTTP token/);
    expect(() => Reflect.apply(request.removeHeader, request, [undefined])).toThrow(/removeHeader: header name undefined/);
  });

  // spec §3.2: values may be UTF-8 but must not contain CR, LF, NUL or other C0 controls.
  it('throws a TypeError naming the header for CR, LF or NUL in a value', () => {
    const { request } = harness('onOriginRequest');
    for (const value of ['a\rb', 'a\nb', 'a\0b', ['ok', 'x\r\nInjected: 1']]) {
      expect(() => request.setHeader('X-Val', value)).toThrow(TypeError);
    }
    expect(() => request.addHeader('X-Val', 'a\nb')).toThrow(/value of header "X-Val"/);
    expect(request.getHeader('x-val')).toBeUndefined();
  });

  it('accepts UTF-8 and horizontal tab in values', () => {
    const { request } = harness('onClientRequest');
    request.setHeader('X-Text', 'café\tau lait');
    expect(request.getHeader('x-text')).toEqual(['café\tau lait']);
  });

  it('throws a TypeError for an object value, naming the header', () => {
    const { request } = harness('onClientRequest');
    expect(() => Reflect.apply(request.setHeader, request, ['X-Obj', { a: 1 }])).toThrow(/value of header "X-Obj" is an object/);
    expect(() => Reflect.apply(request.setHeader, request, ['X-Sym', Symbol('s')])).toThrow(TypeError);
  });

  // spec §2.3.9: Akamai-internal headers (X-Ak*, Akamai-*) cannot be manipulated. Weft ignores the
  // call (the platform does not document an error, and production workers must keep running)
  // and reports a warning to the trace instead of dropping it silently.
  it('ignores changes to Akamai-internal headers, with a warning', () => {
    const { request, warnings } = harness('onClientRequest', { headerPairs: [['X-Akamai-Edgescape', 'georegion=1'], ['Akamai-Origin-Hop', '1']] });
    request.setHeader('X-Akamai-Edgescape', 'forged');
    request.addHeader('x-ak-anything', '1');
    request.removeHeader('Akamai-Origin-Hop');
    expect(request.getHeader('x-akamai-edgescape')).toEqual(['georegion=1']);
    expect(request.getHeader('x-ak-anything')).toBeUndefined();
    expect(request.getHeader('akamai-origin-hop')).toEqual(['1']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/setHeader\("X-Akamai-Edgescape"\) ignored.*§2\.3\.9/);
  });
});
