/**
 * One sandbox instance: a vm context holding the bundle's module graph, initialised once (timed as
 * init, §1.4) and reused across requests (decision 29). Handlers are called directly (~0.1 µs);
 * the CPU guard lives outside (a watchdog that terminates the edge thread), the wall limit is a
 * timer raced against the handler's promise, and memory is the JS heap growth of the call.
 */
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { currentInvocation, resolveLimits, runInvocation, type HandlerName, type InvocationContext, type LimitsProfileName, type Tier } from '@weft/platform';
import { BUILTIN_ACCESSOR } from '../loader/compile.ts';
import type { LoadedBundle } from '../loader/load.ts';
import { createWorkerContext, seededRandom } from './globals.ts';
import { DEFAULT_CPU_GRACE_MS, NO_MONITOR, type InvocationMonitor } from './monitor.ts';
import { describeThrown, scriptFilename } from './stack.ts';
import { heapUsed, retainedGrowth } from './memory.ts';
import { builtinsFor } from './builtins.ts';
import type { WorkerRealm, BundleInfo, InvocationError, InvocationOutcome, InvocationStatus, InvokeOptions, Sandbox } from './types.ts';

export interface SandboxOptions {
  tier?: Tier;
  limitsProfile?: LimitsProfileName;
  ewId?: number;
  /** Decision 33: a fixed time (epoch ms) every invocation sees instead of its real start time. */
  clock?: number;
  /** Decision 33: seeds Math.random. */
  seed?: number;
  /** Slack over CPU limits (see DEFAULT_CPU_GRACE_MS); also applies to the init CPU limit. */
  cpuGraceMs?: number;
  /** Fail a call that finished but ran past its CPU limit (wall-clock measure); default true. Edge
   *  threads turn it off when their watchdog reads the thread's real CPU time. */
  checkCpuAfterCall?: boolean;
  /** Shorter (or longer) limits than the tier's, for tests and experiments. */
  overrides?: { wallMs?: number; cpuMs?: number; memoryBytes?: number; initCpuMs?: number; initWallMs?: number };
  monitor?: InvocationMonitor;
}

// The frozen time of each running invocation; Date inside the sandbox reads it through the
// invocation's AsyncLocalStorage context, so concurrent requests each see their own start time.
const frozenTimes = new WeakMap<InvocationContext, number>();

const TIMED_OUT = Symbol('timed out');

// One vm.Script per loaded bundle: a script runs in any number of contexts.
const scripts = new WeakMap<object, vm.Script>();

function compiledScript(code: string, map: NonNullable<LoadedBundle['compiled']>['map']): vm.Script {
  let script = scripts.get(map);
  if (script === undefined) {
    script = new vm.Script(`${code}(${BUILTIN_ACCESSOR})`, { filename: scriptFilename(map), lineOffset: -1 });
    scripts.set(map, script);
  }
  return script;
}

function limitError(name: string, message: string): InvocationError {
  return { name, message, frames: [], stack: undefined };
}

export class SandboxInstance implements Sandbox {
  readonly info: BundleInfo;
  realm: WorkerRealm = { TypeError, RangeError, Error, SyntaxError };
  failure: { status: InvocationStatus; error: InvocationError } | undefined;
  readonly #exports: Record<string, unknown>;
  readonly #files: ReadonlySet<string>;
  readonly #options: SandboxOptions;
  readonly #monitor: InvocationMonitor;
  #initCpuMs = 0;
  #initWallMs = 0;
  #initTime: number | undefined;

  constructor(bundle: LoadedBundle, options: SandboxOptions = {}) {
    this.#options = options;
    this.#monitor = options.monitor ?? NO_MONITOR;
    this.info = { name: bundle.name, version: bundle.version, ewId: options.ewId ?? 0, logLevel: bundle.manifest?.logLevel };
    this.#files = new Set(bundle.compiled?.files ?? []);
    this.#exports = Object.create(null) as Record<string, unknown>;
    if (bundle.compiled === undefined) {
      this.failure = { status: 'GenericError', error: bundle.failure ?? limitError('Error', 'The bundle did not compile.') };
      return;
    }
    this.#initialise(bundle.compiled.code, bundle.compiled.map);
  }

  #clock = (): number => {
    const invocation = currentInvocation();
    const frozen = invocation === undefined ? undefined : frozenTimes.get(invocation);
    return frozen ?? this.#initTime ?? this.#options.clock ?? Date.now();
  };

  #initialise(code: string, map: NonNullable<LoadedBundle['compiled']>['map']): void {
    const seed = this.#options.seed;
    const context = createWorkerContext({ clock: this.#clock, random: seed === undefined ? undefined : seededRandom(seed), name: `weft:${this.info.name}` });
    const limits = resolveLimits(this.#options.tier ?? 200, this.#options.limitsProfile ?? 'current').tierLimits;
    const initCpuMs = this.#options.overrides?.initCpuMs ?? limits.initCpuMs;
    const initWallMs = this.#options.overrides?.initWallMs ?? limits.initWallMs;
    let script: vm.Script;
    try {
      script = compiledScript(code, map);
    } catch (error) {
      this.failure = { status: 'GenericError', error: describeThrown(error, this.#files) };
      return;
    }
    const global = vm.runInContext('globalThis', context) as Record<string, unknown>;
    this.realm = { TypeError: global.TypeError, RangeError: global.RangeError, Error: global.Error, SyntaxError: global.SyntaxError } as WorkerRealm;
    global[BUILTIN_ACCESSOR] = builtinsFor(this.realm, seed === undefined ? undefined : seededRandom(seed ^ 0x5eed));
    this.#initTime = this.#options.clock ?? Date.now();
    const start = performance.now();
    try {
      const timeout = Math.max(1, Math.round(initCpuMs + (this.#options.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS)));
      // An empty main.js (no exports at all) completes with undefined: it simply implements no handler.
      const exports = script.runInContext(context, { timeout }) as Record<string, unknown> | undefined;
      for (const key of Object.keys(exports ?? {})) this.#exports[key] = exports?.[key];
    } catch (error) {
      const timedOut = (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      this.failure = timedOut
        ? { status: 'InitCpuTimeoutError', error: limitError('InitCpuTimeoutError', `Module top-level code ran longer than the ${initCpuMs} ms init CPU limit (tier ${this.#options.tier ?? 200}).`) }
        : { status: 'ExecutionError', error: describeThrown(error, this.#files) };
    } finally {
      delete global[BUILTIN_ACCESSOR];
      this.#initTime = undefined;
    }
    this.#initCpuMs = performance.now() - start;
    this.#initWallMs = this.#initCpuMs;
    if (this.failure === undefined && this.#initWallMs > initWallMs) {
      this.failure = { status: 'InitWallTimeoutError', error: limitError('InitWallTimeoutError', `Module initialisation took ${this.#initWallMs.toFixed(3)} ms, over the ${initWallMs} ms init wall limit.`) };
    }
  }

  has(handler: HandlerName): boolean {
    return typeof this.#exports[handler] === 'function';
  }

  invoke(handler: HandlerName, args: readonly unknown[], context: InvocationContext, options?: InvokeOptions): Promise<InvocationOutcome> {
    const initCpuMs = this.#initCpuMs;
    const initWallMs = this.#initWallMs;
    this.#initCpuMs = 0;
    this.#initWallMs = 0;
    if (this.failure !== undefined) return Promise.resolve(outcome(this.failure.status, undefined, this.failure.error, 0, 0, 0, initCpuMs, initWallMs));
    const fn = this.#exports[handler];
    if (typeof fn !== 'function') return Promise.resolve(outcome('UnimplementedEventHandler', undefined, undefined, 0, 0, 0, initCpuMs, initWallMs));

    const group = context.limits.tierLimits[context.handler.limitGroup];
    const overrides = this.#options.overrides;
    const requestId = options?.requestId ?? 0;
    frozenTimes.set(context, options?.now ?? this.#options.clock ?? Date.now());
    const call: Call = { handler, context, requestId, start: 0, cpuMs: 0, heapBefore: 0, syncHeap: 0, initCpuMs, initWallMs, wallLimit: options?.wallMs ?? overrides?.wallMs ?? group.wallMs };

    call.heapBefore = heapUsed();
    // Without a watchdog on the real thread CPU, the process CPU clock keeps a descheduled run
    // (a busy machine) from counting as CPU; it costs a few µs, so threads skip it.
    const processCpu = this.#options.checkCpuAfterCall === false ? undefined : process.cpuUsage();
    call.start = performance.now();
    this.#monitor.begin(requestId, handler, overrides?.cpuMs ?? group.cpuMs);
    let result: unknown;
    let thrown = false;
    let error: unknown;
    try {
      result = runInvocation(context, () => (fn as (...a: readonly unknown[]) => unknown)(...args));
    } catch (caught) {
      thrown = true;
      error = caught;
    }
    this.#monitor.syncDone();
    call.cpuMs = performance.now() - call.start;
    if (processCpu !== undefined) {
      const used = process.cpuUsage(processCpu);
      call.cpuMs = Math.min(call.cpuMs, (used.user + used.system) / 1000);
    }
    call.syncHeap = heapUsed() - call.heapBefore;

    const memoryLimit = overrides?.memoryBytes ?? group.memoryBytes;
    if (call.syncHeap > memoryLimit && retainedGrowth(call.heapBefore) > memoryLimit) {
      return Promise.resolve(this.#finish(call, 'ResourceLimit', undefined, limitError('ResourceLimit', `${handler} grew the JS heap by ${call.syncHeap} bytes, over the ${memoryLimit}-byte memory limit of tier ${context.limits.tier}.`)));
    }
    const cpuLimit = overrides?.cpuMs ?? group.cpuMs;
    if (this.#options.checkCpuAfterCall !== false && call.cpuMs > cpuLimit + (this.#options.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS)) {
      // Only reachable without a watchdog (in-process) or just before it acts: the call finished,
      // but ran longer than the platform allows.
      return Promise.resolve(this.#finish(call, 'CpuTimeoutError', undefined, limitError('CpuTimeoutError', `${handler} ran ${call.cpuMs.toFixed(1)} ms synchronously, past its ${cpuLimit} ms CPU limit (tier ${context.limits.tier}).`)));
    }
    if (thrown) return Promise.resolve(this.#finish(call, 'ExecutionError', undefined, describeThrown(error, this.#files)));
    if (!isThenable(result)) return Promise.resolve(this.#finish(call, 'Success', result, undefined));
    return this.#settle(call, result);
  }

  async #settle(call: Call, pending: PromiseLike<unknown>): Promise<InvocationOutcome> {
    const settled = await raceWall(call, pending);
    if (settled === TIMED_OUT) {
      return this.#finish(call, 'WallTimeoutError', undefined, limitError('WallTimeoutError', `${call.handler} did not settle within the ${call.wallLimit} ms wall-time limit of tier ${call.context.limits.tier}.`));
    }
    if (!settled.ok) return this.#finish(call, 'ExecutionError', undefined, describeThrown(settled.error, this.#files));
    return this.#finish(call, 'Success', settled.value, undefined);
  }

  #finish(call: Call, status: InvocationStatus, value: unknown, error: InvocationError | undefined): InvocationOutcome {
    this.#monitor.end(call.requestId);
    const wallMs = performance.now() - call.start;
    const grown = status === 'Success' && wallMs === call.cpuMs ? call.syncHeap : Math.max(call.syncHeap, heapUsed() - call.heapBefore);
    return outcome(status, value, error, call.cpuMs, wallMs, Math.max(0, grown), call.initCpuMs, call.initWallMs);
  }
}

interface Call {
  handler: HandlerName;
  context: InvocationContext;
  requestId: number;
  start: number;
  cpuMs: number;
  heapBefore: number;
  syncHeap: number;
  initCpuMs: number;
  initWallMs: number;
  wallLimit: number;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown } | typeof TIMED_OUT;

function outcome(status: InvocationStatus, value: unknown, error: InvocationError | undefined, cpuMs: number, wallMs: number, memoryBytes: number, initCpuMs: number, initWallMs: number): InvocationOutcome {
  return { status, value, error, cpuMs, wallMs, memoryBytes, initCpuMs, initWallMs };
}

async function raceWall(call: Call, pending: PromiseLike<unknown>): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await new Promise<Settled>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, call.wallLimit - (performance.now() - call.start)), TIMED_OUT);
    try {
      // A worker-made thenable's `then` is worker code too, so it runs inside the invocation.
      runInvocation(call.context, () => pending.then((value) => resolve({ ok: true, value }), (error: unknown) => resolve({ ok: false, error })));
    } catch (error) {
      resolve({ ok: false, error });
    }
  });
  clearTimeout(timer);
  return settled;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}


export function createSandbox(bundle: LoadedBundle, options?: SandboxOptions): Sandbox {
  return new SandboxInstance(bundle, options);
}
