/**
 * Every way the host enters a worker realm: a handler call, a delivery of asynchronous host work,
 * a pull or cancel of a realm stream, a description of a thrown value. The realm has its own
 * microtask queue (globals.ts: `microtaskMode: 'afterEvaluate'`), which V8 drains only at the end
 * of a script run in that realm; so each entry is such a run, and every promise job the entry
 * started runs before it returns. On an edge thread the
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
 * An entry is one script run in the realm: it calls a function of the realm (ENTER) that calls the
 * host's pending call, and V8 drains the realm's queue at the end of that run. ENTER and the
 * setter that links it to the host are script-scope `let`/`const` bindings, which are not
 * properties of the global object, so worker code cannot list them; their names are random per
 * process, and the setter is cleared once used. ENTER takes no arguments and returns what the
 * pending call returned (text from the kernel), or undefined when nothing is pending (a worker
 * that found it anyway gets nothing else); the host function stays in a closure.
 */
const SUFFIX = Math.random().toString(36).slice(2, 10);
const ENTER = `__weft_enter_${SUFFIX}`;
const LINK = `__weft_link_${SUFFIX}`;
const DEFINE = `"use strict";
let ${LINK};
const ${ENTER} = (() => { let take; ${LINK} = (host) => { take = host; }; return function () { return take(); }; })();
${LINK}`;
const ENTRY = new vm.Script(`${ENTER}()`, { filename: KERNEL_FILENAME });
// displayErrors off: Node would otherwise write a decorated stack onto whatever the call threw.
const GUARDED = { breakOnSigint: true, displayErrors: false } as const;
const PLAIN = { displayErrors: false } as const;

/** One of vm's own errors (Node may make it in either realm): its own `code`, read without running getters. */
export function isVmError(error: unknown, code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' | 'ERR_SCRIPT_EXECUTION_INTERRUPTED'): boolean {
  if (typeof error !== 'object' || error === null || types.isProxy(error) || !types.isNativeError(error)) return false;
  return Object.getOwnPropertyDescriptor(error, 'code')?.value === code;
}

export class RealmEntry {
  readonly #context: vm.Context;
  readonly #gate: InterruptGate | undefined;
  #pending: (() => unknown) | undefined;
  #inside = false;

  /** `gate`: present on edge threads, where the watchdog may interrupt an entry. */
  constructor(context: vm.Context, gate: InterruptGate | undefined) {
    this.#context = context;
    this.#gate = gate;
    const link = vm.runInContext(DEFINE, context, { filename: KERNEL_FILENAME }) as (take: () => unknown) => void;
    link(() => {
      const call = this.#pending;
      this.#pending = undefined;
      return call?.();
    });
    vm.runInContext(`"use strict"; ${LINK} = undefined;`, context, { filename: KERNEL_FILENAME });
  }

  /** Whether an entry is under way (one the realm causes runs inside it). */
  get inside(): boolean {
    return this.#inside;
  }

  /**
   * Calls `call`, then the promise jobs it queued; throws INTERRUPTED when the watchdog stopped them.
   * With `timeoutMs` (start-up, where no watchdog runs yet) vm's own timer stops it instead, and
   * vm's timeout error is thrown.
   */
  run<T>(call: () => T, timeoutMs?: number): T {
    if (this.#inside) return call();
    this.#inside = true;
    this.#pending = call;
    try {
      if (timeoutMs !== undefined) return this.#timed(timeoutMs) as T;
      return (this.#gate === undefined ? ENTRY.runInContext(this.#context, PLAIN) : this.#guarded(this.#gate)) as T;
    } finally {
      this.#pending = undefined;
      this.#inside = false;
    }
  }

  /**
   * As `run`, where no watchdog runs but a stuck call must still end (SandboxOptions.stopWithTimer):
   * vm's own timer stops the entry after `timeoutMs` of wall time, and INTERRUPTED is thrown, as
   * when the watchdog stops one. A timeout error the worker made up itself is thrown as it is.
   */
  runWithin<T>(call: () => T, timeoutMs: number): T {
    const started = performance.now();
    try {
      return this.run(call, timeoutMs);
    } catch (error) {
      if (isVmError(error, 'ERR_SCRIPT_EXECUTION_TIMEOUT') && performance.now() - started >= timeoutMs - 1) throw INTERRUPTED;
      throw error;
    }
  }

  #timed(timeout: number): unknown {
    const depth = asyncStackDepth();
    try {
      return ENTRY.runInContext(this.#context, { timeout, displayErrors: false });
    } catch (error) {
      if (isVmError(error, 'ERR_SCRIPT_EXECUTION_TIMEOUT')) restoreAsyncStack(depth);
      throw error;
    }
  }

  #guarded(gate: InterruptGate): unknown {
    const depth = asyncStackDepth();
    gate.enter();
    try {
      return ENTRY.runInContext(this.#context, GUARDED);
    } catch (error) {
      // By its code only (a worker could throw an imitation): the gate decides whose it was.
      if (!isVmError(error, 'ERR_SCRIPT_EXECUTION_INTERRUPTED')) throw error;
      restoreAsyncStack(depth);
      // Out of the run before the signal is counted as taken: the watchdog, once it sees the count
      // drop, must also see this run over, or it takes the run for still stuck and sends again, and
      // that late signal would stop the next request's call.
      gate.leave();
      if (gate.claim()) throw INTERRUPTED;
      throw error;
    } finally {
      gate.leave();
    }
  }
}
