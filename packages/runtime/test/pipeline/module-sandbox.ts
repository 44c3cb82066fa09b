/**
 * A Sandbox over plain handler functions in the host realm, for pipeline tests that exercise the
 * event model itself (the real sandbox has its own suite). It keeps the contract: the handler runs
 * through the platform's own handler call (the host realm's copy), inside runInvocation, with the
 * wall limit enforced and faults reported as outcomes.
 */
import { performance } from 'node:perf_hooks';
import type { ReadableStream } from 'node:stream/web';
import { awaitHostRealmCall, invokeHandler, linkHostRealm, runInvocation, HANDLERS, type HandlerName, type InvocationContext } from '@weft/platform';
import { encodeInput, readOutcome, type HandlerCallInput } from '../../src/sandbox/handler-wire.ts';
import type { BundleInfo, InvocationOutcome, InvokeOptions, Sandbox, SandboxProvider } from '../../src/sandbox/types.ts';

let nextCall = 1;

export type Handlers = Partial<Record<HandlerName, (...args: any[]) => unknown>>;

function framesOf(stack: string | undefined): Array<{ file: string; function: string; line: number; column: number }> {
  const frames = [];
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = /at (?:(\S+) \()?.*?([^/\\]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (match !== null) frames.push({ file: match[2] ?? '', function: match[1] ?? '', line: Number(match[3]), column: Number(match[4]) });
    if (frames.length === 3) break;
  }
  return frames;
}

export function moduleSandbox(handlers: Handlers, info: Partial<BundleInfo> = {}): Sandbox & SandboxProvider {
  const sandbox: Sandbox & SandboxProvider = {
    info: { name: 'test-worker', version: '1.0', ewId: 0, logLevel: undefined, ...info },
    failure: undefined,
    has: (name) => typeof handlers[name] === 'function',
    forRequest: () => sandbox,
    addBodySource(body: ReadableStream<Uint8Array>): number {
      const reader = body.getReader();
      return linkHostRealm().ctx.addSource({ read: () => reader.read().then((r) => (r.done ? undefined : r.value)), cancel: (reason) => void reader.cancel(reason).catch(() => undefined) });
    },
    openStream: (id) => linkHostRealm().ctx.outgoingStream(id),
    async invoke(name: HandlerName, input: HandlerCallInput, context: InvocationContext, options: InvokeOptions = {}): Promise<InvocationOutcome> {
      const fn = handlers[name];
      const start = performance.now();
      const base = { cpuMs: 0, initCpuMs: 0, initWallMs: 0, memoryBytes: 0 };
      if (fn === undefined) return { ...base, status: 'UnimplementedEventHandler', value: undefined, error: undefined, wallMs: 0 };
      const wallLimit = options.wallMs ?? context.limits.tierLimits[HANDLERS[name].limitGroup].wallMs;
      const callId = nextCall++;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), wallLimit)));
      try {
        const wire = encodeInput(name, input);
        const answer = runInvocation(context, () => invokeHandler(fn, callId, name, wire));
        const settled = answer !== '' ? answer : await Promise.race([awaitHostRealmCall(callId), timeout]);
        const wallMs = performance.now() - start;
        if (settled === 'timeout') {
          return { ...base, status: 'WallTimeoutError', value: undefined, wallMs, error: { name: 'WallTimeoutError', message: `${name} did not settle within ${wallLimit} ms`, frames: [], stack: undefined } };
        }
        const changes = readOutcome(settled);
        if (changes === undefined) throw new Error(`unreadable outcome: ${settled}`);
        if (!changes.ok) {
          const e = changes.error ?? { name: 'Error', message: '', stack: undefined };
          return { ...base, status: 'ExecutionError', value: undefined, wallMs, changes, error: { name: e.name, message: e.message, frames: framesOf(e.stack), stack: e.stack } };
        }
        const value = name === 'responseProvider' ? changes.result : changes.value === undefined ? undefined : JSON.parse(changes.value) as unknown;
        return { ...base, status: 'Success', value, error: undefined, wallMs, cpuMs: wallMs, changes };
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return sandbox;
}
