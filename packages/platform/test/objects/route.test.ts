import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('route (spec §3.5)', () => {
  it('records origin, path and query for the forward request', () => {
    const { request, state } = harness('onClientRequest');
    request.route({ origin: 'api', path: '/v2/items', query: 'a=1' });
    expect(state.route).toEqual({ origin: 'api', path: '/v2/items', query: 'a=1' });
  });

  // [INFERRED] §3.5: a later call replaces only the fields it gives.
  it('replaces only the fields a later call gives', () => {
    const { request, state } = harness('onClientRequest');
    request.route({ origin: 'api', path: '/one' });
    request.route({ path: '/two' });
    request.route({ query: 'q=2', origin: undefined });
    expect(state.route).toEqual({ origin: 'api', path: '/two', query: 'q=2' });
  });

  // spec §3.5: a non-object throws.
  it('throws a TypeError for a non-object destination', () => {
    const { request } = harness('onClientRequest');
    for (const value of ['/path', null, undefined, 3, ['/a']]) {
      expect(() => Reflect.apply(request.route, request, [value]), String(value)).toThrow(TypeError);
    }
    expect(() => Reflect.apply(request.route, request, ['/path'])).toThrow(/route: destination "\/path" must be an object/);
  });

  // spec §3.5: the destination needs at least one of origin, path, query.
  it('throws when no field is given', () => {
    const { request } = harness('onClientRequest');
    expect(() => request.route({})).toThrow(/at least one of origin, path, query/);
  });

  // spec §3.5: path must start with "/".
  it('throws when path does not start with "/"', () => {
    const { request, state } = harness('onClientRequest');
    expect(() => request.route({ path: 'relative/x.html' })).toThrow(/route: path "relative\/x.html" must start with "\/"/);
    expect(state.route).toEqual({});
  });

  it('throws for non-string fields, an empty origin, or a query with "?"', () => {
    const { request } = harness('onClientRequest');
    expect(() => Reflect.apply(request.route, request, [{ path: 5 }])).toThrow(/route: path 5 must be a string/);
    expect(() => request.route({ origin: '' })).toThrow(/origin ""/);
    expect(() => request.route({ query: '?a=1' })).toThrow(/must not start with "\?"/);
  });

  it('warns about unknown fields', () => {
    const { request, warnings, state } = harness('onClientRequest');
    Reflect.apply(request.route, request, [{ path: '/x', host: 'other' }]);
    expect(state.route).toEqual({ path: '/x' });
    expect(warnings[0]).toMatch(/unknown field "host"/);
  });
});
