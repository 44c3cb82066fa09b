/**
 * Built-in module `log` (spec §16): `logger.log/trace/debug/info/warn/error`. Entries go to the
 * invocation's `onLog`; when logging is off or the level is filtered, calls do nothing at all.
 */
import { currentInvocation, type LogLevel } from '../../host/invocation.ts';
import { findCallSite } from './call-site.ts';
import { formatMessage } from './format.ts';

export { formatLogHeader, encodeLogText, LEVEL_LETTERS } from './header.ts';
export { formatMessage } from './format.ts';

const SEVERITY: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

function emit(level: LogLevel, args: unknown[]): void {
  const ctx = currentInvocation();
  if (ctx === undefined || !ctx.logging.enabled) return;
  if (SEVERITY[level] < SEVERITY[ctx.logging.minLevel]) return;
  const { file, line } = findCallSite();
  ctx.onLog({ level, file, line, message: formatMessage(args) });
}

export interface Logger {
  log(format: string, ...values: unknown[]): void;
  trace(format: string, ...values: unknown[]): void;
  debug(format: string, ...values: unknown[]): void;
  info(format: string, ...values: unknown[]): void;
  warn(format: string, ...values: unknown[]): void;
  error(format: string, ...values: unknown[]): void;
}

export const logger: Logger = Object.freeze({
  // Observed: logger.log('gold') -> "D:main.js:4 gold".
  log: (...args: unknown[]) => emit('debug', args),
  trace: (...args: unknown[]) => emit('trace', args),
  debug: (...args: unknown[]) => emit('debug', args),
  info: (...args: unknown[]) => emit('info', args),
  warn: (...args: unknown[]) => emit('warn', args),
  error: (...args: unknown[]) => emit('error', args),
});
