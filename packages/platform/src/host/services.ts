/**
 * The raw host one realm talks to (realm/raw-host.ts): the shared HostContext plus each
 * capability's host service. Every function validates its arguments as untrusted input.
 */
import { HostContext } from './host-context.ts';
import { currentInvocation, type LogLevel, type ReportedFrame, type WorkerReport } from './invocation.ts';
import { copyIntoRealm, byteLengthOf } from './realm-bytes.ts';
import { collectGarbage } from './collect-garbage.ts';
import { createCryptoHost } from '../modules/crypto/host/index.ts';
import { createTextDecodeHost } from '../modules/encoding/host/index.ts';
import { createSubrequestHost } from '../modules/http-request/host/index.ts';
import type { CoreHost, RawHost } from '../realm/raw-host.ts';
import { randomFillSync } from 'node:crypto';
import { types } from 'node:util';

export interface HostServiceOptions {
  /** Decision 33: a seeded generator for getRandomValues; undefined uses the system's CSPRNG. */
  random?: (() => number) | undefined;
  /** Platform notes for the trace outside a handler's own reporting. */
  onWarning?: ((message: string) => void) | undefined;
  /** A handler call that returned a promise settled (see the kernel's invoke). */
  onSettled?: ((callId: number, outcome: string) => void) | undefined;
  /** Maps a frame of the worker's compiled script to its bundle position (raw-host.ts stackPosition); none maps nothing. */
  stackPosition?: ((file: string, line: number, column: number) => string) | undefined;
  /** The worker's own frames of a stack text in bundle positions (the sandbox knows the bundle's files); none gives no frames. */
  stackFrames?: ((stack: string) => ReportedFrame[]) | undefined;
}

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

function isLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function coreHost(ctx: HostContext, options: HostServiceOptions): CoreHost {
  return {
    takeBytes: (id, target) => ctx.takeBytes(id, target),
    randomFill(target) {
      if (!types.isUint8Array(target)) throw new TypeError('randomFill(): the target must be a Uint8Array');
      const length = byteLengthOf(target);
      const bytes = new Uint8Array(length);
      if (options.random === undefined) randomFillSync(bytes);
      else for (let i = 0; i < length; i++) bytes[i] = Math.floor(options.random() * 256);
      copyIntoRealm(target, bytes, 'randomFill()');
    },
    logEnabled(level) {
      const invocation = currentInvocation();
      if (invocation === undefined || !invocation.logging.enabled || !isLevel(level)) return false;
      return LEVELS.indexOf(level) >= LEVELS.indexOf(invocation.logging.minLevel);
    },
    log(level, file, line, message) {
      const invocation = currentInvocation();
      if (invocation === undefined || !isLevel(level)) return;
      invocation.onLog({ level, file: typeof file === 'string' && file !== '' ? file : undefined, line: typeof line === 'number' && line > 0 ? line : undefined, message: String(message) });
    },
    report(kind, code, message, error, file, line) {
      const invocation = currentInvocation();
      if (kind === 'plan') {
        if (invocation?.onPlan === undefined) return false;
        invocation.onPlan(String(message));
        return true;
      }
      if (invocation?.onReport === undefined || (kind !== 'error' && kind !== 'warning')) return false;
      const text = String(message);
      const log = { level: kind === 'error' ? 'error' : 'warn', file: typeof file === 'string' && file !== '' ? file : undefined, line: typeof line === 'number' && line > 0 ? line : undefined, message: text } as const;
      invocation.onReport({ kind, code: String(code), message: text, error: readReportedError(error, options), log });
      return true;
    },
    limitsProfile: () => currentInvocation()?.limits.profile ?? 'current',
    warn(message) {
      options.onWarning?.(String(message));
    },
    collectGarbage() {
      collectGarbage('minor');
    },
    sourceRead: (id) => ctx.sourceRead(id),
    sourceCancel: (id, reason) => ctx.sourceCancel(id, reason),
    sinkChunk: (id, chunk) => ctx.sinkChunk(id, chunk),
    sinkEnd: (id, ok, name, message) => ctx.sinkEnd(id, ok, name, message),
    stackPosition(file, line, column) {
      if (typeof file !== 'string' || typeof line !== 'number' || typeof column !== 'number') return '';
      return options.stackPosition?.(file, line, column) ?? '';
    },
    settled(callId, outcome) {
      if (typeof callId === 'number' && typeof outcome === 'string') options.onSettled?.(callId, outcome);
    },
  };
}

/** The exception of a report, from the ErrorWire JSON the realm sent (untrusted: any field may be missing). */
function readReportedError(json: unknown, options: HostServiceOptions): WorkerReport['error'] {
  if (typeof json !== 'string' || json === '') return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const { name, message, stack, hostStack } = wire as Record<string, unknown>;
  const shown = typeof stack === 'string' ? stack : undefined;
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : '',
    frames: shown === undefined ? [] : (options.stackFrames?.(shown) ?? []),
    stack: typeof hostStack === 'string' ? hostStack : shown,
  };
}

export interface HostServices {
  ctx: HostContext;
  raw: RawHost;
}

export function createHostServices(options: HostServiceOptions = {}): HostServices {
  const ctx = new HostContext();
  const raw: RawHost = { ...coreHost(ctx, options), ...createSubrequestHost(ctx), ...createCryptoHost(ctx), ...createTextDecodeHost() };
  return { ctx, raw: Object.freeze(raw) };
}
