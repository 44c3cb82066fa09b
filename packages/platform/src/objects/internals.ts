/**
 * What a request object knows besides its public members. Members live on one frozen prototype per
 * handler (request.ts); each instance holds its internals in a private field, so worker code can
 * neither reach nor forge them, and a method called on a foreign `this` fails the way a V8 host
 * binding does ("Illegal invocation").
 */
import type { HandlerFacts } from '../handlers.ts';
import type { Limits } from '../limits.ts';
import { type ErrorRealm, HOST_REALM } from './errors.ts';
import type { InvocationState, RequestState, RespondWithRecord } from './state.ts';

/** What the runtime tells the objects about the handler invocation they belong to. */
export interface ObjectInvocation {
  /** Cumulative setVariable name+value budget per handler execution (§3.3). */
  variableBudget: number;
  /** respondWith body limit in characters (§3.4, decisions 4). */
  respondWithBodyChars: number;
  /** request.text()/json()/arrayBuffer() cap in bytes; undefined means none (§21.2). */
  requestBufferedBodyBytes?: number | undefined;
  /** request.body stream cap in bytes; undefined means none (§21.2). */
  requestBodyStreamBytes?: number | undefined;
  /** Called on every respondWith(); the last call wins (§3.4). */
  onRespondWith?(record: RespondWithRecord): void;
  /** Something the platform would do differently or silently; goes to the trace. */
  onWarning?(message: string): void;
  /** Shared with the runtime when it wants to read wasTerminated/variable use itself. */
  state?: InvocationState;
  /** Error constructors of the worker's realm; defaults to the host's. */
  realm?: ErrorRealm;
}

/** The invocation settings for a handler under the given limits. */
export function objectInvocationFor(handler: HandlerFacts, limits: Limits, callbacks: Omit<ObjectInvocation, 'variableBudget' | 'respondWithBodyChars'> = {}): ObjectInvocation {
  const rp = handler.limitGroup === 'responseProvider';
  return {
    variableBudget: limits.tierLimits.variableBudget,
    respondWithBodyChars: limits.product.respondWithBodyChars,
    requestBufferedBodyBytes: rp ? limits.product.requestBufferedBodyBytes : undefined,
    requestBodyStreamBytes: rp ? limits.product.requestBodyStreamBytes : undefined,
    ...callbacks,
  };
}

export interface RequestInternals {
  handler: HandlerFacts;
  state: RequestState;
  invocation: ObjectInvocation;
  run: InvocationState;
  realm: ErrorRealm;
  /** Lazily built sub-objects, one per request so identity is stable. */
  cache: Map<string, unknown> | undefined;
}

/**
 * The brand every request object carries: its constructor installs the private field, and each
 * handler's request class extends it (brandedPrototype). A private field is faster than a WeakMap
 * lookup and invisible to worker code; `new` of a subclass is about 20 times faster in a vm
 * context than Reflect.construct with another new.target, and a request is made for every call.
 */
class RequestBrand {
  readonly #internals: RequestInternals;
  constructor(internals: RequestInternals) {
    this.#internals = internals;
  }
  static read(self: unknown): RequestInternals | undefined {
    return typeof self === 'object' && self !== null && #internals in self ? self.#internals : undefined;
  }
}

export type RequestClass = new (internals: RequestInternals) => object;

/**
 * A request class whose instances carry the brand and whose prototype (frozen, inheriting from
 * Object.prototype as a plain object's does) holds `descriptors`. The prototype keeps no
 * `constructor`: worker code must not reach a function that builds requests from its own internals.
 */
export function requestClass(descriptors: PropertyDescriptorMap): RequestClass {
  const Request = class Request extends RequestBrand {};
  sealPrototype(Request.prototype, descriptors);
  return Request;
}

/** Makes a class prototype a frozen plain-object prototype with exactly `descriptors`. */
export function sealPrototype(prototype: object, descriptors: PropertyDescriptorMap): void {
  delete (prototype as { constructor?: unknown }).constructor;
  Object.setPrototypeOf(prototype, Object.prototype);
  Object.defineProperties(prototype, descriptors);
  Object.freeze(prototype);
}

/** A request object of class `ctor` whose internals are `internals`. */
export function construct(ctor: RequestClass, internals: RequestInternals): object {
  return new ctor(internals);
}

export function internalsOf(self: unknown, member: string): RequestInternals {
  const found = RequestBrand.read(self);
  if (found === undefined) throw new TypeError(`Illegal invocation: ${member} must be called on the request object`);
  return found;
}

export function warn(i: RequestInternals, message: string): void {
  i.invocation.onWarning?.(message);
}

export function defaultRealm(invocation: ObjectInvocation): ErrorRealm {
  return invocation.realm ?? HOST_REALM;
}

/** A getter-only property descriptor: assignments do not change the request (§3.1). */
export function getter(member: string, read: (i: RequestInternals) => unknown): PropertyDescriptor {
  return { get: { [member](this: unknown) { return read(internalsOf(this, member)); } }[member], enumerable: true, configurable: false };
}

/** A method descriptor whose function carries the member's name. */
export function method(member: string, impl: (i: RequestInternals, ...args: unknown[]) => unknown): PropertyDescriptor {
  const fn = { [member](this: unknown, ...args: unknown[]) { return impl(internalsOf(this, member), ...args); } }[member];
  return { value: fn, enumerable: true, writable: false, configurable: false };
}

/** A sub-object created on first access and kept for the request's lifetime. */
export function memo<T>(i: RequestInternals, key: string, create: () => T): T {
  i.cache ??= new Map();
  if (i.cache.has(key)) return i.cache.get(key) as T;
  const value = create();
  i.cache.set(key, value);
  return value;
}
