/**
 * Every way the host enters a worker realm: a handler call, a delivery of asynchronous host work,
 * a pull or cancel of a realm stream, a description of a thrown value. The realm has its own
 * microtask queue (globals.ts: `microtaskMode: 'afterEvaluate'`), which V8 drains only at the end
 * of a script run in that realm; so each entry calls into the realm, then runs an empty script
 * there, and every promise job the entry started runs before it returns. On an edge thread the
 * entry is one vm run opened with `breakOnSigint` (isolation/interrupts.ts), so a loop of promise
 * jobs (`const spin = () => Promise.resolve().then(spin)`) is stopped like a synchronous one, and
 * only the request that entered pays for it (spec §21.1: the culprit fails with CpuTimeoutError).
 *
 * Entries do not nest: an entry the realm causes from inside another (a host stream pulled while
 * the realm writes to it) calls straight in, and the outer entry drains the queue.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import { asyncStackDepth, restoreAsyncStack } from './async-stack.ts';
import { KERNEL_FILENAME } from './kernel-script.ts';
import type { InterruptGate } from './monitor.ts';

/** What an entry throws when the watchdog interrupted it. */
export const INTERRUPTED = Symbol('interrupted by the watchdog');

/**
 * A guarded entry is a script run (breakOnSigint needs one) in this thread's own context, which
 * calls the pending call through this global of the host realm (a random name; worker code never
 * sees the host's globals). Running in this context costs about half of running in the realm's.
 */
const ENTER_NAME = `__weft_enter_${Math.random().toString(36).slice(2, 10)}`;
let pendingCall: (() => unknown) | undefined;
let guardedEntry: vm.Script | undefined;
// displayErrors off: Node would otherwise write a decorated stack onto whatever the call threw.
const GUARDED = { breakOnSigint: true, displayErrors: false } as const;
/** The script that drains a realm's microtasks: any run in that realm does, an empty one cheapest. */
const DRAIN = new vm.Script('undefined', { filename: KERNEL_FILENAME });

function guardedScript(): vm.Script {
  if (guardedEntry === undefined) {
    Object.defineProperty(globalThis, ENTER_NAME, {
      value: (): unknown => {
        const call = pendingCall;
        pendingCall = undefined;
        return call?.();
      },
    });
    guardedEntry = new vm.Script(`${ENTER_NAME}()`, { filename: KERNEL_FILENAME });
  }
  return guardedEntry;
}

/** One of vm's own errors (Node may make it in either realm): its own `code`, read without running getters. */
export function isVmError(error: unknown, code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' | 'ERR_SCRIPT_EXECUTION_INTERRUPTED'): boolean {
  if (typeof error !== 'object' || error === null || types.isProxy(error) || !types.isNativeError(error)) return false;
  return Object.getOwnPropertyDescriptor(error, 'code')?.value === code;
}

/** Runs the realm's pending promise jobs (what the last call into it queued). */
export function drainRealm(context: vm.Context, options?: vm.RunningScriptOptions): void {
  DRAIN.runInContext(context, options);
}

export class RealmEntry {
  readonly #context: vm.Context;
  readonly #gate: InterruptGate | undefined;
  #inside = false;

  /** `gate`: present on edge threads, where the watchdog may interrupt an entry. */
  constructor(context: vm.Context, gate: InterruptGate | undefined) {
    this.#context = context;
    this.#gate = gate;
  }

  /** Whether an entry is under way (one the realm causes runs inside it). */
  get inside(): boolean {
    return this.#inside;
  }

  /** Calls `call`, then the promise jobs it queued; throws INTERRUPTED when the watchdog stopped them. */
  run<T>(call: () => T): T {
    if (this.#inside) return call();
    this.#inside = true;
    const context = this.#context;
    const whole = (): T => {
      const answer = call();
      drainRealm(context);
      return answer;
    };
    try {
      return this.#gate === undefined ? whole() : this.#guarded(this.#gate, whole);
    } finally {
      this.#inside = false;
    }
  }

  #guarded<T>(gate: InterruptGate, call: () => T): T {
    const script = guardedScript();
    const depth = asyncStackDepth();
    pendingCall = call;
    gate.enter();
    try {
      return script.runInThisContext(GUARDED) as T;
    } catch (error) {
      // By its code only (a worker could throw an imitation): the gate decides whose it was.
      if (!isVmError(error, 'ERR_SCRIPT_EXECUTION_INTERRUPTED')) throw error;
      restoreAsyncStack(depth);
      if (gate.claim()) throw INTERRUPTED;
      throw error;
    } finally {
      pendingCall = undefined;
      gate.leave();
    }
  }
}
