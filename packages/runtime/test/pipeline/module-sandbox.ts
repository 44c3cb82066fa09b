/**
 * A Sandbox over plain handler functions in the host realm, for pipeline tests that exercise the
 * event model itself (the real sandbox has its own suite). It keeps the contract: runs each handler
 * inside runInvocation, enforces the wall limit, reports faults as outcomes.
 */
import { performance } from 'node:perf_hooks';
import { runInvocation, HANDLERS, type HandlerName, type InvocationContext } from '@weft/platform';
import type { BundleInfo, InvocationOutcome, InvokeOptions, Sandbox, SandboxProvider } from '../../src/sandbox/types.ts';

export type Handlers = Partial<Record<HandlerName, (...args: any[]) => unknown>>;

function framesOf(error: Error): Array<{ file: string; function: string; line: number; column: number }> {
  const frames = [];
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const match = /at (?:(\S+) \()?.*?([^/\\]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (match !== null) frames.push({ file: match[2] ?? '', function: match[1] ?? '', line: Number(match[3]), column: Number(match[4]) });
    if (frames.length === 3) break;
  }
  return frames;
}

export function moduleSandbox(handlers: Handlers, info: Partial<BundleInfo> = {}): Sandbox & SandboxProvider {
  const sandbox: Sandbox & SandboxProvider = {
    info: { name: 'test-worker', version: '1.0', ewId: 0, logLevel: undefined, ...info },
    realm: { TypeError, RangeError, Error },
    failure: undefined,
    has: (name) => typeof handlers[name] === 'function',
    forRequest: () => sandbox,
    async invoke(name: HandlerName, args: readonly unknown[], context: InvocationContext, options: InvokeOptions = {}): Promise<InvocationOutcome> {
      const fn = handlers[name];
      const start = performance.now();
      const base = { cpuMs: 0, initCpuMs: 0, initWallMs: 0, memoryBytes: 0 };
      if (fn === undefined) return { ...base, status: 'UnimplementedEventHandler', value: undefined, error: undefined, wallMs: 0 };
      const wallLimit = options.wallMs ?? context.limits.tierLimits[HANDLERS[name].limitGroup].wallMs;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), wallLimit)));
      try {
        const result = await Promise.race([runInvocation(context, () => Promise.resolve(fn(...args))), timeout]);
        const wallMs = performance.now() - start;
        if (result === 'timeout') {
          return { ...base, status: 'WallTimeoutError', value: undefined, wallMs, error: { name: 'WallTimeoutError', message: `${name} did not settle within ${wallLimit} ms`, frames: [], stack: undefined } };
        }
        return { ...base, status: 'Success', value: result, error: undefined, wallMs, cpuMs: wallMs };
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        return { ...base, status: 'ExecutionError', value: undefined, wallMs: performance.now() - start, error: { name: e.name, message: e.message, frames: framesOf(e), stack: e.stack } };
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return sandbox;
}
