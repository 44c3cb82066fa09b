import { describe, expect, it } from 'vitest';
import { buildDevice, buildUserLocation, HANDLER_NAMES } from '../../src/index.ts';
import { harness } from './helpers.ts';

describe('request properties (spec §3.1)', () => {
  it('reflects the request state in every handler', () => {
    for (const handler of HANDLER_NAMES) {
      const { request } = harness(handler, { method: 'POST', scheme: 'https', host: 'shop.example', path: '/a%20b/c.html', query: 'x=1&y=%2F', cpCode: 12345, clientIp: '2001:db8::1' });
      expect(request.method).toBe('POST');
      expect(request.scheme).toBe('https');
      expect(request.host).toBe('shop.example');
      // [INFERRED] §3.1: path, query and url keep the raw, percent-encoded form.
      expect(request.path).toBe('/a%20b/c.html');
      expect(request.query).toBe('x=1&y=%2F');
      expect(request.url).toBe('/a%20b/c.html?x=1&y=%2F');
      expect(request.cpCode).toBe(12345);
      expect(request.clientIp).toBe('2001:db8::1');
    }
  });

  // spec §3.1: url is the path alone when there is no query; path is "/" for a bare request.
  it('omits "?" from url when there is no query', () => {
    const { request } = harness('onClientRequest', { path: '/', query: '' });
    expect(request.url).toBe('/');
    expect(request.query).toBe('');
  });

  // [INFERRED] §3.1: route() affects the forward request only, never these properties.
  it('does not change path or query after route()', () => {
    const { request, state } = harness('onClientRequest');
    request.route({ path: '/elsewhere', query: 'z=1' });
    expect(request.path).toBe('/search');
    expect(request.url).toBe('/search?q=something');
    expect(state.route).toEqual({ path: '/elsewhere', query: 'z=1' });
  });

  // decisions 3: by default userLocation and device are objects whose unknown fields are undefined.
  it('gives objects with undefined fields by default', () => {
    const { request } = harness('onClientRequest');
    expect(request.userLocation).not.toBeNull();
    expect(request.userLocation?.country).toBeUndefined();
    expect(request.userLocation && 'areaCodes' in request.userLocation).toBe(true);
    expect(request.device?.isMobile).toBeUndefined();
    expect(request.device && 'xhtmlSupportLevel' in request.device).toBe(true);
  });

  // decisions 3 option: null models a contract without the entitlement (as the docs say).
  it('gives null under the no-entitlement option', () => {
    const { request } = harness('onClientResponse', { userLocation: null, device: null });
    expect(request.userLocation).toBeNull();
    expect(request.device).toBeNull();
  });

  it('serves the simulated location and device, read-only', () => {
    const { request } = harness('onOriginRequest', {
      userLocation: buildUserLocation({ country: 'FR', city: 'PARIS', areaCodes: '617,857' }),
      device: buildDevice({ isMobile: 'true', resolutionWidth: '1080' }),
    });
    expect(request.userLocation?.country).toBe('FR');
    expect(request.userLocation?.areaCodes).toEqual(['617', '857']);
    expect(request.device?.isMobile).toBe(true);
    expect(request.device?.resolutionWidth).toBe(1080);
    expect(Object.isFrozen(request.userLocation)).toBe(true);
    expect(Object.isFrozen(request.device)).toBe(true);
  });
});
