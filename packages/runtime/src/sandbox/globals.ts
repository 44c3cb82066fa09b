/**
 * The global environment of worker code (decision 18, spec §1.3): a vm context with its own
 * microtask queue, code generation from strings and WebAssembly compilation disabled, the non-ECMAScript globals V8 and
 * Node add removed, `Date` frozen by a host clock (decision 17) and `Math.random` optionally
 * seeded (decision 33).
 */
import vm from 'node:vm';

/** Globals a fresh Node vm context has that are not ECMAScript (or are removed at the edge). */
export const REMOVED_GLOBALS = ['console', 'SharedArrayBuffer', 'Atomics', 'WebAssembly'] as const;

// Runs inside the context so the new Date is a function of that realm; the host clock stays a
// closure the worker cannot reach.
const INSTALL = `(function (clock, nextRandom) {
  "use strict";
  const OriginalDate = Date;
  const FrozenDate = function Date(...args) {
    if (new.target === undefined) return new OriginalDate(clock()).toString();
    return Reflect.construct(OriginalDate, args.length === 0 ? [clock()] : args, new.target);
  };
  Object.defineProperty(FrozenDate, 'prototype', { value: OriginalDate.prototype, writable: false });
  Object.defineProperty(FrozenDate, 'length', { value: 7 });
  Object.defineProperty(OriginalDate.prototype, 'constructor', { value: FrozenDate, writable: true, configurable: true });
  for (const key of ['parse', 'UTC']) Object.defineProperty(FrozenDate, key, { value: OriginalDate[key], writable: true, configurable: true });
  Object.defineProperty(FrozenDate, 'now', { value: function now() { return clock(); }, writable: true, configurable: true });
  Object.defineProperty(globalThis, 'Date', { value: FrozenDate, writable: true, configurable: true });
  if (nextRandom !== undefined) Object.defineProperty(Math, 'random', { value: function random() { return nextRandom(); }, writable: true, configurable: true });
})`;

export interface GlobalsOptions {
  /** Epoch ms that `Date.now()` / `new Date()` return right now (frozen per invocation). */
  clock: () => number;
  /** A seeded replacement for Math.random, or undefined for V8's own. */
  random: (() => number) | undefined;
  name: string;
}

export function createWorkerContext(options: GlobalsOptions): vm.Context {
  // The contextified object has no prototype: a plain `{}` is a host object, and a lookup the
  // worker global misses (`globalThis.constructor`) would fall through to the host's Object, whose
  // constructor compiles strings with access to `process`. It is also non-extensible, so globals
  // the worker (or Weft) defines live on the real global, never on it: Node 20 asks V8 to read a
  // descriptor of the contextified object's own properties as an ordinary object of the worker
  // realm, and a worker with a `get` getter on its Object.prototype made that abort the whole
  // process (V8 FATAL ERROR). Both found by test/escape.test.ts.
  const contextified = Object.preventExtensions(Object.create(null) as object);
  // The realm's own microtask queue, drained at the end of each run in it (sandbox/realm-entry.ts),
  // so a loop of promise jobs is inside a run the watchdog can stop.
  const context = vm.createContext(contextified, { name: options.name, codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
  const global = vm.runInContext('globalThis', context) as Record<string, unknown>;
  for (const name of REMOVED_GLOBALS) delete global[name];
  const install = vm.runInContext(INSTALL, context) as (clock: () => number, random: (() => number) | undefined) => void;
  install(options.clock, options.random);
  return context;
}

/** A small, fast, repeatable PRNG (sfc32) seeded from an integer. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88 ^ (seed >>> 3), c = 0xb7e15162 + seed, d = seed | 0;
  const next = (): number => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
