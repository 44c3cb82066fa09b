/**
 * One sandbox instance: a vm context holding the bundle's module graph, initialised once (timed as
 * init, §1.4) and reused across requests (decision 29). Every call into the realm, and every later
 * entry that continues it, is one script run in the realm that also runs the promise jobs it
 * started (realm-entry.ts); on an edge thread the watchdog can interrupt that run (about 1 µs,
 * isolation/interrupts.ts). The wall limit is a timer raced against the handler's promise, and
 * memory is the JS heap growth of the call.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { ReadableStream, ReadableStreamDefaultReader } from 'node:stream/web';
import { createHostServices, currentInvocation, IdTable, runInvocation, resolveLimits, type HandlerName, type HandlerOutcome, type HostServices, type InvocationContext, type Kernel, type LimitsProfileName, type Tier } from '@weft/platform';
import { BUILTIN_ACCESSOR } from '../loader/builtin-accessor.ts';
import type { LoadedBundle } from '../loader/load.ts';
import { createWorkerContext, seededRandom } from './globals.ts';
import { encodeInput, readOutcome, type HandlerCallInput } from './handler-wire.ts';
import { KERNEL_FILENAME, kernelScript } from './kernel-script.ts';
import { sourceMapComment, type InspectSettings } from './debug-source.ts';
import { DEFAULT_CPU_GRACE_MS, NO_MONITOR, type InvocationMonitor } from './monitor.ts';
import { asyncStackDepth, restoreAsyncStack } from './async-stack.ts';
import { INTERRUPTED, isVmError, RealmEntry } from './realm-entry.ts';
import { bundlePosition, describeReported, parseFrames, scriptFilename } from './stack.ts';
import { heapUsed, retainedGrowth } from './memory.ts';
import { runQueueWaitMs, threadCpuMs } from '../isolation/thread-cpu.ts';
import type { BundleInfo, InvocationError, InvocationOutcome, InvocationStatus, InvokeOptions, Sandbox } from './types.ts';

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
  /** Make the script debuggable: its source map inline, with the sources (debug-source.ts). */
  inspect?: InspectSettings;
  /**
   * Where no watchdog runs (in-process): stop a call, or host work continuing one, that has run
   * twice its CPU limit plus the grace in wall time, with vm's own timer, which starts a thread per
   * entry (about 46 µs each, against 0.5 µs without, measured here). weft dev sets it on its
   * in-process edge, so a worker stuck in a loop gets CpuTimeoutError there too instead of
   * freezing the dev server. Twice, since wall time on a busy machine runs ahead of CPU time; an
   * endless loop is stopped either way.
   */
  stopWithTimer?: boolean;
}

const TIMED_OUT = Symbol('timed out');

// One vm.Script per loaded bundle: a script runs in any number of contexts.
const scripts = new WeakMap<object, vm.Script>();

function compiledScript(code: string, map: NonNullable<LoadedBundle['compiled']>['map'], inspect: InspectSettings | undefined): vm.Script {
  let script = scripts.get(map);
  if (script === undefined) {
    const debuggable = inspect === undefined ? '' : sourceMapComment(map, inspect);
    script = new vm.Script(`${code}(${BUILTIN_ACCESSOR})${debuggable}`, { filename: scriptFilename(map) });
    scripts.set(map, script);
  }
  return script;
}

function limitError(name: string, message: string): InvocationError {
  return { name, message, frames: [], stack: undefined };
}

/** The kernel's functions, read once from the realm before any worker code runs. */
type KernelCalls = Pick<Kernel, 'builtin' | 'load' | 'invoke' | 'describe'>;

/** Only a host error (never a worker value, never a Proxy) has its message read on the host. */
function hostMessage(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && !types.isProxy(error) && error instanceof Error ? error.message : undefined;
}

export class SandboxInstance implements Sandbox {
  readonly info: BundleInfo;
  failure: { status: InvocationStatus; error: InvocationError } | undefined;
  readonly #handlers = new Set<string>();
  readonly #files: ReadonlySet<string>;
  readonly #options: SandboxOptions;
  readonly #monitor: InvocationMonitor;
  #services: HostServices | undefined;
  #kernel: KernelCalls | undefined;
  readonly #pending = new IdTable<(outcome: string | typeof INTERRUPTED) => void>();
  /**
   * The call whose entry is under way: a handler that returned a promise can settle before its
   * entry is over (its promise jobs run in it), and its outcome waits here for invoke.
   */
  #invoking = 0;
  #settledEarly: string | undefined;
  #entry: RealmEntry | undefined;
  /** The largest CPU limit of the tier: the budget of an entry whose request is unknown. */
  #largestCpuMs = 0;
  #nextCall = 1;
  #initCpuMs = 0;
  #initWallMs = 0;
  #initTime: number | undefined;

  constructor(bundle: LoadedBundle, options: SandboxOptions = {}) {
    this.#options = options;
    this.#monitor = options.monitor ?? NO_MONITOR;
    this.info = { name: bundle.name, version: bundle.version, ewId: options.ewId ?? 0, logLevel: bundle.manifest?.logLevel };
    // Frames count as the worker's when they name a bundle file or, once mapped, an author source.
    const sources = (bundle.compiled?.map.sources ?? []).filter((source) => !source.startsWith('weft-builtin:'));
    this.#files = new Set([...(bundle.compiled?.files ?? []), ...sources]);
    if (bundle.compiled === undefined) {
      this.failure = { status: 'GenericError', error: bundle.failure ?? limitError('Error', 'The bundle did not compile.') };
      return;
    }
    this.#initialise(bundle.compiled.code, bundle.compiled.map);
  }

  // Date inside the sandbox reads the frozen time of the running invocation through its
  // AsyncLocalStorage context, so concurrent requests each see their own start time.
  #clock = (): number => {
    return currentInvocation()?.frozenTime ?? this.#initTime ?? this.#options.clock ?? Date.now();
  };

  /** A fresh realm with the platform installed in it; the kernel's functions captured. */
  #installPlatform(context: vm.Context, scriptName: string): KernelCalls {
    const seed = this.#options.seed;
    const services = createHostServices({
      stackPosition: bundlePosition,
      stackFrames: (stack) => parseFrames(stack, this.#files),
      random: seed === undefined ? undefined : seededRandom(seed ^ 0x5eed),
      onSettled: (callId, outcome) => {
        if (callId === this.#invoking) {
          this.#settledEarly = outcome;
          return;
        }
        const settle = this.#pending.get(callId);
        this.#pending.delete(callId);
        settle?.(outcome);
      },
    });
    const entry = kernelScript().runInContext(context) as { install: (raw: unknown, scriptName: string) => Kernel };
    const kernel = entry.install(services.raw, scriptName);
    const { deliver, pull, cancel, builtin, load, invoke, describe } = kernel;
    this.#entry = new RealmEntry(context, this.#monitor.gate);
    services.ctx.attach(
      { deliver: (ticket, ok, value, name, code) => this.#enter(() => deliver(ticket, ok, value, name, code), false) },
      { pull: (id) => this.#enter(() => pull(id), true), cancel: (id, reason) => this.#enter(() => cancel(id, reason), false) },
    );
    this.#services = services;
    return { builtin, load, invoke, describe };
  }

  /**
   * An entry of the host into the realm outside a handler call (realm-entry.ts): a delivery, a
   * stream pull or cancel. It runs for the request whose work it continues (the invocation the
   * host work was started under), timed by the watchdog against that handler's CPU limit; an
   * interrupted one fails that call with CpuTimeoutError, and a pulled stream with the same error.
   */
  #enter(work: () => void, failsStream: boolean): void {
    const entry = this.#entry;
    if (entry === undefined || entry.inside) return work();
    const owner = ownCall(currentInvocation()?.sandboxCall);
    const limit = owner?.cpuLimit ?? this.#largestCpuMs;
    this.#monitor.resume(owner?.requestId ?? 0, owner?.handler ?? 'responseProvider', limit);
    try {
      const guard = this.#timerGuardMs(limit);
      if (guard === undefined) entry.run(work);
      else entry.runWithin(work, guard);
    } catch (error) {
      if (error !== INTERRUPTED) throw error;
      if (owner !== undefined) this.#pending.get(owner.id)?.(INTERRUPTED);
      if (failsStream) {
        const stopped = new Error(`${owner?.handler ?? 'The worker'}'s stream ran past its ${limit} ms CPU limit while producing a chunk, and was stopped.`);
        stopped.name = 'CpuTimeoutError';
        throw stopped;
      }
    } finally {
      this.#monitor.syncDone();
    }
  }

  #describe(thrown: unknown): InvocationError {
    const message = hostMessage(thrown);
    if (message !== undefined) return { name: 'Error', message, frames: [], stack: undefined };
    let described = '';
    try {
      const kernel = this.#kernel;
      if (kernel !== undefined) described = this.#entry?.run(() => kernel.describe(thrown)) ?? '';
    } catch {
      // The worker broke its realm's glue too, or its getters ran past the limit and were
      // stopped: the generic description below stands.
    }
    const reported = readOutcome(described);
    const error = reported?.error ?? { name: 'Error', message: 'The worker threw a value the platform could not describe.', stack: undefined };
    return describeReported(error, this.#files);
  }

  #initialise(code: string, map: NonNullable<LoadedBundle['compiled']>['map']): void {
    const seed = this.#options.seed;
    const context = createWorkerContext({ clock: this.#clock, random: seed === undefined ? undefined : seededRandom(seed), name: `weft:${this.info.name}` });
    const limits = resolveLimits(this.#options.tier ?? 200, this.#options.limitsProfile ?? 'current').tierLimits;
    this.#largestCpuMs = this.#options.overrides?.cpuMs ?? Math.max(limits.handler.cpuMs, limits.responseProvider.cpuMs);
    const initCpuMs = this.#options.overrides?.initCpuMs ?? limits.initCpuMs;
    const initWallMs = this.#options.overrides?.initWallMs ?? limits.initWallMs;
    let script: vm.Script;
    try {
      script = compiledScript(code, map, this.#options.inspect);
    } catch (error) {
      this.failure = { status: 'GenericError', error: { name: 'SyntaxError', message: hostMessage(error) ?? 'The bundle did not compile.', frames: [], stack: undefined } };
      return;
    }
    const kernel = this.#installPlatform(context, scriptFilename(map));
    this.#kernel = kernel;
    const global = vm.runInContext('globalThis', context) as Record<string, unknown>;
    global[BUILTIN_ACCESSOR] = kernel.builtin;
    this.#initTime = this.#options.clock ?? Date.now();
    const grace = this.#options.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS;
    const start = performance.now();
    const waitStart = runQueueWaitMs();
    const threadCpuStart = threadCpuMs();
    const cpuStart = process.cpuUsage();
    const depth = asyncStackDepth();
    try {
      // vm's timeout counts wall time: it is the runaway guard, set at the longer of the two limits
      // so a busy machine does not fail a top level within its CPU limit; the CPU limit is checked
      // below against the CPU clock.
      const timeout = Math.max(1, Math.round(Math.max(initCpuMs, initWallMs) + grace));
      // The exports object stays a realm value: only the kernel reads it.
      // The realm's promise jobs run at the end of each run in it: the top level's within its timeout.
      const exports: unknown = script.runInContext(context, { timeout });
      // Reading the exports runs worker code too (a getter): inside a timed entry.
      const names = this.#entry?.run(() => kernel.load(exports), timeout) ?? '';
      for (const name of names.split(',')) if (name !== '') this.#handlers.add(name);
    } catch (error) {
      const timedOut = isVmError(error, 'ERR_SCRIPT_EXECUTION_TIMEOUT');
      if (timedOut) restoreAsyncStack(depth);
      this.failure = timedOut
        ? { status: 'InitCpuTimeoutError', error: limitError('InitCpuTimeoutError', `Module top-level code ran longer than the ${initCpuMs} ms init CPU limit (tier ${this.#options.tier ?? 200}).`) }
        : { status: 'ExecutionError', error: this.#describe(error) };
    } finally {
      delete global[BUILTIN_ACCESSOR];
      this.#initTime = undefined;
    }
    // Time the thread stood ready while the machine ran other work is not the top level's: a
    // busy machine would otherwise fail a worker the platform initialises well within its init
    // wall limit (§21.1).
    const waited = waitStart === undefined ? 0 : Math.max(0, (runQueueWaitMs() ?? waitStart) - waitStart);
    this.#initWallMs = Math.max(0, performance.now() - start - waited);
    // The thread's own CPU clock (else the process's) keeps a descheduled top level from counting
    // as CPU; the process clock also counts the other threads' work, the thread clock does not.
    const used = process.cpuUsage(cpuStart);
    const threadCpuEnd = threadCpuStart === undefined ? undefined : threadCpuMs();
    const cpu = threadCpuStart !== undefined && threadCpuEnd !== undefined ? threadCpuEnd - threadCpuStart : (used.user + used.system) / 1000;
    this.#initCpuMs = Math.min(this.#initWallMs, cpu);
    if (this.failure === undefined && this.#initCpuMs > initCpuMs + grace) {
      this.failure = { status: 'InitCpuTimeoutError', error: limitError('InitCpuTimeoutError', `Module top-level code ran ${this.#initCpuMs.toFixed(1)} ms, past the ${initCpuMs} ms init CPU limit (tier ${this.#options.tier ?? 200}).`) };
    }
    if (this.failure === undefined && this.#initWallMs > initWallMs) {
      this.failure = { status: 'InitWallTimeoutError', error: limitError('InitWallTimeoutError', `Module initialisation took ${this.#initWallMs.toFixed(3)} ms, over the ${initWallMs} ms init wall limit.`) };
    }
  }

  has(handler: HandlerName): boolean {
    return this.#handlers.has(handler);
  }

  /** A host byte source the realm reads as the client body (responseProvider's request.body). */
  addBodySource(body: ReadableStream<Uint8Array>): number {
    if (this.#services === undefined) return 0;
    // The reader is taken at the first read: a body the worker never reads stays unlocked for the
    // origin (decision 1: a failed responseProvider forwards the request, body included).
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    return this.#services.ctx.addSource({
      read: () => (reader ??= body.getReader()).read().then((result) => (result.done ? undefined : result.value)),
      // A cancel fails only on a body that already failed, and a failed read has reported that.
      cancel: (reason) => void (reader ?? body).cancel(reason).catch(() => undefined),
    });
  }

  /**
   * The host view of a realm stream the worker handed over (a createResponse body). With `context`
   * (the handler call's), every pull runs in it: what the stream's code logs or reports while it
   * produces chunks, after the handler has returned, goes to that call's trace, and a runaway
   * chunk is timed against that call's CPU limit.
   */
  openStream(id: number, context?: InvocationContext): ReadableStream<Uint8Array> {
    if (this.#services === undefined) throw new Error('openStream(): this sandbox has no realm');
    return this.#services.ctx.outgoingStream(id, context === undefined ? undefined : (work) => runInvocation(context, work));
  }

  invoke(handler: HandlerName, input: HandlerCallInput, context: InvocationContext, options?: InvokeOptions): InvocationOutcome | Promise<InvocationOutcome> {
    const initCpuMs = this.#initCpuMs;
    const initWallMs = this.#initWallMs;
    this.#initCpuMs = 0;
    this.#initWallMs = 0;
    if (this.failure !== undefined) return outcome(this.failure.status, undefined, this.failure.error, 0, 0, 0, initCpuMs, initWallMs);
    const kernel = this.#kernel;
    if (kernel === undefined || !this.#handlers.has(handler)) return outcome('UnimplementedEventHandler', undefined, undefined, 0, 0, 0, initCpuMs, initWallMs);

    const group = context.limits.tierLimits[context.handler.limitGroup];
    const overrides = this.#options.overrides;
    const requestId = options?.requestId ?? 0;
    context.frozenTime = options?.now ?? this.#options.clock ?? Date.now();
    const cpuLimit = overrides?.cpuMs ?? group.cpuMs;
    const callId = this.#nextCall++;
    const call = new Call(callId, handler, context, requestId, cpuLimit, options?.wallMs ?? overrides?.wallMs ?? group.wallMs, initCpuMs, initWallMs);
    // Read back by #enter: the call an entry under this context continues.
    context.sandboxCall = call;
    const wire = encodeInput(handler, input);

    call.heapBefore = heapUsed();
    // Without a watchdog on the real thread CPU, the process CPU clock keeps a descheduled run
    // (a busy machine) from counting as CPU; it costs a few µs, so threads skip it.
    const processCpu = this.#options.checkCpuAfterCall === false ? undefined : process.cpuUsage();
    call.start = performance.now();
    call.pausedBefore = this.#monitor.pauses?.pausedMs() ?? 0;
    this.#monitor.begin(requestId, handler, cpuLimit);
    let answer = '';
    let failed: InvocationError | undefined;
    let interrupted = false;
    const entry = this.#entry;
    this.#invoking = callId;
    this.#settledEarly = undefined;
    this.#call = { kernel, callId, handler, wire, guardMs: this.#timerGuardMs(cpuLimit) };
    try {
      answer = runInvocation(context, entry === undefined ? this.#callKernel : this.#enterAndCall);
    } catch (error) {
      if (error === INTERRUPTED) interrupted = true;
      else failed = this.#describe(error);
    }
    this.#invoking = 0;
    this.#call = undefined;
    this.#monitor.syncDone();
    call.cpuMs = performance.now() - call.start - this.#paused(call);
    if (processCpu !== undefined) {
      const used = process.cpuUsage(processCpu);
      call.cpuMs = Math.min(call.cpuMs, (used.user + used.system) / 1000);
    }
    call.syncHeap = heapUsed() - call.heapBefore;

    const memoryLimit = overrides?.memoryBytes ?? group.memoryBytes;
    if (call.syncHeap > memoryLimit && retainedGrowth(call.heapBefore) > memoryLimit) {
      return this.#finish(call, 'ResourceLimit', undefined, limitError('ResourceLimit', `${handler} grew the JS heap by ${call.syncHeap} bytes, over the ${memoryLimit}-byte memory limit of tier ${context.limits.tier}.`));
    }
    if (interrupted) {
      return this.#finish(call, 'CpuTimeoutError', undefined, limitError('CpuTimeoutError', `${handler} ran ${call.cpuMs.toFixed(1)} ms synchronously, past its ${cpuLimit} ms CPU limit (tier ${context.limits.tier}), and was stopped.`));
    }
    if (this.#options.checkCpuAfterCall !== false && call.cpuMs > cpuLimit + (this.#options.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS)) {
      // Only reachable without a watchdog (in-process) or just before it acts: the call finished,
      // but ran longer than the platform allows.
      return this.#finish(call, 'CpuTimeoutError', undefined, limitError('CpuTimeoutError', `${handler} ran ${call.cpuMs.toFixed(1)} ms synchronously, past its ${cpuLimit} ms CPU limit (tier ${context.limits.tier}).`));
    }
    if (failed !== undefined) return this.#finish(call, 'ExecutionError', undefined, failed);
    const early = this.#settledEarly;
    this.#settledEarly = undefined;
    if (answer === '' && early !== undefined) answer = early;
    if (answer !== '') {
      call.sync = true;
      return this.#conclude(call, answer);
    }
    return this.#settle(call);
  }

  /**
   * The handler call `invoke` is making, and the two functions that make it: fields made once per
   * instance, so a call allocates no closure.
   */
  #call: { kernel: KernelCalls; callId: number; handler: HandlerName; wire: ReturnType<typeof encodeInput>; guardMs: number | undefined } | undefined;

  readonly #callKernel = (): string => {
    const call = this.#call;
    if (call === undefined) throw new Error('no handler call is under way');
    const text: unknown = call.kernel.invoke(call.callId, call.handler, ...call.wire);
    // Read as text only: the host never converts a realm value (its getters would run here).
    if (typeof text !== 'string') throw new Error('the realm answered a handler call with something other than text');
    return text;
  };

  readonly #enterAndCall = (): string => {
    const entry = this.#entry as RealmEntry;
    const guard = this.#call?.guardMs;
    return guard === undefined ? entry.run(this.#callKernel) : entry.runWithin(this.#callKernel, guard);
  };

  /** The wall time after which vm's timer stops an entry (stopWithTimer), or undefined without it. */
  #timerGuardMs(cpuLimitMs: number): number | undefined {
    if (this.#options.stopWithTimer !== true) return undefined;
    return 2 * cpuLimitMs + (this.#options.cpuGraceMs ?? DEFAULT_CPU_GRACE_MS);
  }

  /** How long a debugger held the thread paused since the call started (0 without --inspect). */
  #paused(call: Call): number {
    const pauses = this.#monitor.pauses;
    return pauses === undefined ? 0 : pauses.pausedMs() - call.pausedBefore;
  }

  async #settle(call: Call): Promise<InvocationOutcome> {
    const callId = call.id;
    let timer: NodeJS.Timeout | undefined;
    const answer = await new Promise<string | typeof TIMED_OUT | typeof INTERRUPTED>((resolve) => {
      this.#pending.set(callId, resolve);
      const left = (): number => call.wallLimit - (performance.now() - call.start - this.#paused(call));
      // Time the thread stood paused in a debugger does not count: the timer waits it out again.
      const expire = (): void => {
        if (this.#monitor.pauses !== undefined && left() > 0) timer = setTimeout(expire, left());
        else resolve(TIMED_OUT);
      };
      timer = setTimeout(expire, Math.max(0, left()));
    });
    clearTimeout(timer);
    if (answer === TIMED_OUT) {
      this.#pending.delete(callId);
      return this.#finish(call, 'WallTimeoutError', undefined, limitError('WallTimeoutError', `${call.handler} did not settle within the ${call.wallLimit} ms wall-time limit of tier ${call.context.limits.tier}.`));
    }
    if (answer === INTERRUPTED) {
      return this.#finish(call, 'CpuTimeoutError', undefined, limitError('CpuTimeoutError', `${call.handler} ran past its ${call.cpuLimit} ms CPU limit (tier ${call.context.limits.tier}) in code that continued after an await or a promise callback, and was stopped.`));
    }
    return this.#conclude(call, answer);
  }

  /** Reads the realm's answer, applies what the handler changed, and reports the outcome. */
  #conclude(call: Call, answer: string): InvocationOutcome {
    const read = readOutcome(answer);
    if (read === undefined) return this.#finish(call, 'ExecutionError', undefined, limitError('ExecutionError', `${call.handler}: the platform could not read what the handler left behind (its realm's JSON was tampered with).`));
    if (!read.ok) return this.#finish(call, 'ExecutionError', undefined, describeReported(read.error ?? { name: 'Error', message: 'Uncaught error', stack: undefined }, this.#files), read);
    // responseProvider's result as the realm described it; any other handler's JSON-able return value.
    const value = call.handler === 'responseProvider' ? read.result : parseValue(read.value);
    return this.#finish(call, 'Success', value, undefined, read);
  }

  #finish(call: Call, status: InvocationStatus, value: unknown, error: InvocationError | undefined, changes?: HandlerOutcome): InvocationOutcome {
    this.#monitor.end(call.requestId);
    const wallMs = performance.now() - call.start - this.#paused(call);
    // A call that finished synchronously grew the heap by what was measured right after it.
    const grown = call.sync ? call.syncHeap : Math.max(call.syncHeap, heapUsed() - call.heapBefore);
    const result = outcome(status, value, error, call.cpuMs, wallMs, Math.max(0, grown), call.initCpuMs, call.initWallMs);
    result.changes = changes;
    return result;
  }
}

/** One handler call: what the sandbox keeps while it runs (and, as the context's note, after). */
class Call {
  /** The handler finished in its synchronous run (no promise to wait for). */
  sync = false;
  start = 0;
  /** The thread's paused time (PauseClock) when the call started. */
  pausedBefore = 0;
  cpuMs = 0;
  heapBefore = 0;
  syncHeap = 0;

  constructor(
    /** The id the realm settles it under. */
    readonly id: number,
    readonly handler: HandlerName,
    readonly context: InvocationContext,
    readonly requestId: number,
    readonly cpuLimit: number,
    readonly wallLimit: number,
    readonly initCpuMs: number,
    readonly initWallMs: number,
  ) {}
}

/** The context's note as a call of this module (the platform types it as any object). */
function ownCall(note: object | undefined): Call | undefined {
  return note instanceof Call ? note : undefined;
}

function parseValue(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    // Text the realm produced: malformed JSON reads as no value, anything else is a host bug.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function outcome(status: InvocationStatus, value: unknown, error: InvocationError | undefined, cpuMs: number, wallMs: number, memoryBytes: number, initCpuMs: number, initWallMs: number): InvocationOutcome {
  return { status, value, error, cpuMs, wallMs, memoryBytes, initCpuMs, initWallMs, changes: undefined };
}

export function createSandbox(bundle: LoadedBundle, options?: SandboxOptions): Sandbox {
  return new SandboxInstance(bundle, options);
}
