/**
 * The realm side of the door (raw-host.ts). `linkHost` wraps every raw host function in a function
 * of this realm that (1) calls it through captured intrinsics, (2) turns anything the host throws
 * into an error of this realm (a host error object never reaches worker code) and (3) refuses a
 * non-primitive result. Tickets of asynchronous host work resolve promises of this realm.
 */
import { DOMException, isDomExceptionName } from './dom-exception.ts';
import {
  MapDelete, MapGet, MapSet, ObjectDefineProperty, ReflectApply, SafeError, SafeMap, SafePromise, SafeRangeError,
  SafeSyntaxError, SafeTypeError, SafeUint8Array, StringCtor,
} from './primordials.ts';
import type { RawHost, RealmHooks } from './raw-host.ts';

/** An error of this realm rebuilt from what the host reported. */
export function realmError(name: string, message: string, code: string): Error {
  let error: Error;
  if (name === 'TypeError') error = new SafeTypeError(message);
  else if (name === 'RangeError') error = new SafeRangeError(message);
  else if (name === 'SyntaxError') error = new SafeSyntaxError(message);
  else if (isDomExceptionName(name)) return new DOMException(message, name);
  else {
    error = new SafeError(message);
    if (name !== 'Error') ObjectDefineProperty(error, 'name', { __proto__: null, value: name, writable: true, configurable: true, enumerable: false } as PropertyDescriptor);
  }
  if (code !== '') ObjectDefineProperty(error, 'code', { __proto__: null, value: code, writable: true, configurable: true, enumerable: true } as PropertyDescriptor);
  return error;
}

function readText(value: unknown, key: 'name' | 'message' | 'code'): string {
  try {
    const field: unknown = (value as Record<string, unknown>)[key];
    return typeof field === 'string' ? field : '';
  } catch {
    return '';
  }
}

function wrap(name: string, raw: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function bridged(...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = ReflectApply(raw, undefined, args);
    } catch (thrown) {
      // `thrown` may be a host object: only its strings are read, and it goes no further.
      throw realmError(readText(thrown, 'name') || 'Error', readText(thrown, 'message') || `host call ${name} failed`, readText(thrown, 'code'));
    }
    if ((typeof result === 'object' && result !== null) || typeof result === 'function') {
      throw new SafeTypeError(`host call ${name} returned an object; the host may return primitives only`);
    }
    return result;
  };
}

let linked: RawHost | undefined;

/** Installs the host this realm's modules use; the raw functions stay in closures here. */
export function linkHost(raw: RawHost): void {
  const host: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const fn: unknown = (raw as unknown as Record<string, unknown>)[key];
    if (typeof fn === 'function') host[key] = wrap(key, fn as (...args: unknown[]) => unknown);
  }
  linked = Object.freeze(host) as unknown as RawHost;
}

/** The linked host; module code outside a sandbox (unit tests) links one in the host realm. */
export function host(): RawHost {
  if (linked === undefined) throw new SafeError('The Weft platform modules are not linked to a host: the runtime links them when it loads a bundle.');
  return linked;
}

export function isLinked(): boolean {
  return linked !== undefined;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const waiting = new SafeMap<number, Waiter>();

/** A promise of this realm settled by the host's delivery of `ticket`. */
export function awaitTicket(ticket: number): Promise<string | number | boolean | null> {
  return new SafePromise((resolve, reject) => {
    MapSet(waiting as Map<unknown, unknown>, ticket, { resolve, reject });
  });
}

export const hooks: RealmHooks = {
  deliver(ticket, ok, value, name, code) {
    const waiter = MapGet(waiting as Map<unknown, unknown>, ticket) as Waiter | undefined;
    if (waiter === undefined) return;
    MapDelete(waiting as Map<unknown, unknown>, ticket);
    if (ok) waiter.resolve(value);
    else waiter.reject(realmError(StringCtor(name), StringCtor(value ?? ''), StringCtor(code)));
  },
};

/** Copies `length` bytes the host parked under `id` into a new Uint8Array of this realm. */
export function receiveBytes(id: number, length: number): Uint8Array {
  const bytes = new SafeUint8Array(length);
  if (length > 0) host().takeBytes(id, bytes);
  return bytes;
}
