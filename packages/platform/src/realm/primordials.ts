/**
 * Intrinsics captured when this code is evaluated, before any worker code runs. The kernel's glue
 * (the host link, handler calls, body pumps) uses these, so a worker that replaces
 * `Promise.prototype.then` or `Map.prototype.get` in its own realm cannot make the glue hand it
 * anything or lose track of a call. Module logic uses ordinary JavaScript: a worker that pollutes
 * its own realm can break its own built-ins, as at the edge, but never the host.
 */
const { apply: ReflectApply } = Reflect;
const bind = Function.prototype.bind;
const call = Function.prototype.call;

/** `method.call(self, ...args)` that keeps working after `Function.prototype.call` is replaced. */
function uncurry<A extends unknown[], R>(method: (...args: A) => R): (self: unknown, ...args: A) => R {
  return ReflectApply(bind, call, [method]) as (self: unknown, ...args: A) => R;
}

export { ReflectApply };
export const SafeMap = Map;
export const MapGet = uncurry(Map.prototype.get) as (map: Map<unknown, unknown>, key: unknown) => unknown;
export const MapSet = uncurry(Map.prototype.set) as (map: Map<unknown, unknown>, key: unknown, value: unknown) => Map<unknown, unknown>;
export const MapDelete = uncurry(Map.prototype.delete) as (map: Map<unknown, unknown>, key: unknown) => boolean;
export const SafePromise = Promise;
export const PromiseThen = uncurry(Promise.prototype.then) as <T>(promise: Promise<T>, ok: (value: T) => unknown, fail: (error: unknown) => unknown) => Promise<unknown>;
export const JSONParse = JSON.parse;
export const JSONStringify = JSON.stringify;
export const ObjectFreeze = Object.freeze;
export const ObjectCreate = Object.create;
export const ObjectDefineProperty = Object.defineProperty;
export const SafeUint8Array = Uint8Array;
export const SafeTypeError = TypeError;
export const SafeRangeError = RangeError;
export const SafeSyntaxError = SyntaxError;
export const SafeError = Error;
export const StringCtor = String;
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const tagGetter = Object.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)?.get as (this: unknown) => string | undefined;
/** The typed array's kind (`Uint8Array`...) from its internal slot, or undefined for anything else. */
export const TypedArrayTag = uncurry(tagGetter) as (value: unknown) => string | undefined;
export const ObjectHasOwn = Object.hasOwn;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectPrototype = Object.prototype;
export const ArrayPrototype = Array.prototype;
export const StringIndexOf = uncurry(String.prototype.indexOf) as (text: string, search: string, from: number) => number;
export const StringSlice = uncurry(String.prototype.slice) as (text: string, start: number, end: number) => string;
export const StringCharCodeAt = uncurry(String.prototype.charCodeAt) as (text: string, index: number) => number;
