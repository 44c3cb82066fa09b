import { describe, expect, it } from 'vitest';
import { HANDLER_NAMES, requestMembers, type HandlerName } from '../../src/index.ts';
import { harness } from './helpers.ts';

const PROPERTIES = ['host', 'method', 'path', 'scheme', 'query', 'url', 'cpCode', 'clientIp', 'userLocation', 'device'];
const READS = ['getHeader', 'getHeaders', 'getVariable'];
const HEADER_WRITES = ['setHeader', 'addHeader', 'removeHeader'];
const RESPOND = ['respondWith', 'wasTerminated'];
const ALL_MEMBERS = [...PROPERTIES, ...READS, ...HEADER_WRITES, 'setVariable', ...RESPOND, 'route', 'cacheKey', 'botScore', 'body', 'text', 'json', 'arrayBuffer'];

// spec §2.2 (with decisions 11: wasTerminated wherever respondWith is). A member a handler lacks is absent.
const TABLE: Record<HandlerName, string[]> = {
  onClientRequest: [...PROPERTIES, ...READS, ...HEADER_WRITES, 'setVariable', ...RESPOND, 'route', 'cacheKey'],
  onBotSegmentAvailable: [...PROPERTIES, ...READS, 'setVariable', ...RESPOND, 'botScore'],
  onOriginRequest: [...PROPERTIES, ...READS, ...HEADER_WRITES, 'setVariable', ...RESPOND],
  onOriginResponse: [...PROPERTIES, ...READS, 'setVariable', ...RESPOND],
  onClientResponse: [...PROPERTIES, ...READS, 'setVariable', ...RESPOND],
  responseProvider: [...PROPERTIES, ...READS, 'body', 'text', 'json', 'arrayBuffer'],
};

for (const handler of HANDLER_NAMES) {
  describe(`${handler} request members (spec §2.2)`, () => {
    const expected = TABLE[handler];

    it('has exactly the members of its column', () => {
      expect([...requestMembers(handler)].sort()).toEqual([...expected].sort());
      const { request } = harness(handler);
      for (const member of ALL_MEMBERS) expect(member in request, `${member} in ${handler}`).toBe(expected.includes(member));
    });

    // spec §2.2 [INFERRED]: calling an absent method throws TypeError "... is not a function".
    it('throws a TypeError when worker code calls an absent method', () => {
      const { request } = harness(handler);
      const untyped = request as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const member of ALL_MEMBERS.filter((m) => !expected.includes(m) && !['cacheKey', 'botScore', 'body'].includes(m))) {
        // The engine's own error for calling undefined, as worker code would see it.
        expect(() => untyped[member]('X-A', 'v'), member).toThrow(/is not a function/);
        expect(Reflect.get(request, member), member).toBeUndefined();
      }
    });

    // spec §3.1: properties are read-only; assignment in strict-mode worker code throws and changes nothing.
    it('keeps its properties read-only', () => {
      const { request, state } = harness(handler);
      expect(() => Reflect.set(request, 'host', 'evil.example')).not.toThrow();
      expect(Reflect.set(request, 'host', 'evil.example')).toBe(false);
      expect(() => {
        'use strict';
        (request as unknown as { path: string }).path = '/evil';
      }).toThrow(TypeError);
      expect(request.host).toBe('www.example.com');
      expect(state.path).toBe('/search');
    });

    // The shared prototype is frozen: one request cannot patch what another request sees.
    it('cannot be patched through its prototype', () => {
      const { request } = harness(handler);
      const proto: unknown = Object.getPrototypeOf(request);
      expect(Object.isFrozen(proto)).toBe(true);
      expect(Object.prototype.toString.call(request)).toBe('[object Request]');
    });

    // No constructor of its own: worker code must not reach a function that builds a request over
    // internals of its choosing. The chain is that of a plain object's.
    it('leads to no request constructor', () => {
      const { request } = harness(handler);
      const proto = Object.getPrototypeOf(request) as object;
      expect(Object.hasOwn(proto, 'constructor')).toBe(false);
      expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
      expect((request as { constructor: unknown }).constructor).toBe(Object);
    });
  });
}

describe('request methods', () => {
  // V8 host bindings refuse a method detached from its object; so does Weft.
  it('refuses a detached call with "Illegal invocation"', () => {
    const { request } = harness('onClientRequest');
    const { getHeader } = request;
    expect(() => getHeader('x')).toThrow(/Illegal invocation: getHeader/);
    expect(() => Reflect.apply(getHeader, {}, ['x'])).toThrow(TypeError);
  });

  it('names each method after its member', () => {
    const { request } = harness('onClientRequest');
    expect(request.setHeader.name).toBe('setHeader');
    expect(request.respondWith.name).toBe('respondWith');
  });

  it('gives two requests of the same handler separate state', () => {
    const a = harness('onClientRequest', { host: 'a.example' });
    const b = harness('onClientRequest', { host: 'b.example' });
    a.request.setHeader('X-A', '1');
    expect(a.request.host).toBe('a.example');
    expect(b.request.host).toBe('b.example');
    expect(b.request.getHeader('X-A')).toBeUndefined();
    expect(Object.getPrototypeOf(a.request)).toBe(Object.getPrototypeOf(b.request));
  });
});
