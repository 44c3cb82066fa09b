/**
 * The response object of onOriginResponse and onClientResponse (spec §4): a writable, checked
 * status (decisions 12) and the header methods of §3.2 over the response state.
 */
import { type ErrorRealm, HOST_REALM } from './errors.ts';
import { changeHeader, getHeader, getHeaders, type HeaderTarget, removeHeader } from './headerMethods.ts';
import type { ResponseState } from './state.ts';
import { checkStatus } from './status.ts';
import type { ResponseObject } from './types.ts';
import { sealPrototype } from './internals.ts';

export interface ResponseInvocation {
  onWarning?(message: string): void;
  realm?: ErrorRealm;
}

type Target = HeaderTarget & { state: ResponseState };

/** Holds a response's target in a private field; see internals.ts for why (speed, unforgeable). */
class ResponseBrand {
  readonly #target: Target;
  constructor(target: Target) {
    this.#target = target;
  }
  static read(self: unknown): Target | undefined {
    return typeof self === 'object' && self !== null && #target in self ? self.#target : undefined;
  }
}

function targetOf(self: unknown, member: string): Target {
  const found = ResponseBrand.read(self);
  if (found === undefined) throw new TypeError(`Illegal invocation: ${member} must be called on the response object`);
  return found;
}

// Object-literal methods, so each function carries its member's name.
const methods = {
  getHeader(this: unknown, name: unknown): string[] | undefined {
    return getHeader(targetOf(this, 'getHeader'), name);
  },
  getHeaders(this: unknown): Record<string, string[]> {
    return getHeaders(targetOf(this, 'getHeaders'));
  },
  setHeader(this: unknown, name: unknown, value: unknown): void {
    changeHeader(targetOf(this, 'setHeader'), 'setHeader', name, value);
  },
  addHeader(this: unknown, name: unknown, value: unknown): void {
    changeHeader(targetOf(this, 'addHeader'), 'addHeader', name, value);
  },
  removeHeader(this: unknown, name: unknown): void {
    removeHeader(targetOf(this, 'removeHeader'), name);
  },
};

const descriptors: PropertyDescriptorMap = {
  [Symbol.toStringTag]: { value: 'Response', configurable: false, enumerable: false, writable: false },
  status: {
    get(this: unknown): number {
      return targetOf(this, 'status').state.status;
    },
    // decisions 12: writable, with the 200–599 rule of respondWith.
    set(this: unknown, value: unknown) {
      const t = targetOf(this, 'status');
      t.state.status = checkStatus('response.status', value, t.realm);
    },
    enumerable: true,
    configurable: false,
  },
};
for (const [name, fn] of Object.entries(methods)) descriptors[name] = { value: fn, enumerable: true, writable: false, configurable: false };

// Frozen: shared by every response, so worker code must not be able to patch it; no `constructor`
// (worker code must not reach a function that builds responses over its own target). A subclass
// rather than Reflect.construct with another new.target: much faster in a vm context (internals.ts).
const Response = class Response extends ResponseBrand {};
sealPrototype(Response.prototype, descriptors);

export function createResponseObject(state: ResponseState, invocation: ResponseInvocation = {}): ResponseObject {
  const target: Target = {
    state,
    headers: state.headers,
    realm: invocation.realm ?? HOST_REALM,
    warn: (message) => invocation.onWarning?.(message),
  };
  const response: object = new Response(target);
  return response as ResponseObject;
}
