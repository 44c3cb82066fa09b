/**
 * Built-in module `log` (spec §16): `logger.log/trace/debug/info/warn/error`. Entries go to the
 * invocation's `onLog`; when logging is off or the level is filtered, calls do nothing at all.
 */
import type { LogLevel } from '../../host/invocation.ts';
import { host } from '../../realm/host-link.ts';
import { findCallSite } from './call-site.ts';
import { formatMessage } from './format.ts';
import { REPORT_KEY, createReportHook } from './report.ts';

export { formatLogHeader, encodeLogText, LEVEL_LETTERS } from './header.ts';
export { formatMessage } from './format.ts';
export { REPORT_KEY, type ReportHook } from './report.ts';

function emit(level: LogLevel, args: unknown[]): void {
  // The host knows the current request's logging settings (§16); a filtered call does nothing.
  if (!host().logEnabled(level)) return;
  const { file, line } = findCallSite();
  host().log(level, file ?? '', line ?? 0, formatMessage(args));
}

export interface Logger {
  log(format: string, ...values: unknown[]): void;
  trace(format: string, ...values: unknown[]): void;
  debug(format: string, ...values: unknown[]): void;
  info(format: string, ...values: unknown[]): void;
  warn(format: string, ...values: unknown[]): void;
  error(format: string, ...values: unknown[]): void;
}

const methods: Logger = {
  // Observed: logger.log('gold') -> "D:main.js:4 gold".
  log: (...args: unknown[]) => emit('debug', args),
  trace: (...args: unknown[]) => emit('trace', args),
  debug: (...args: unknown[]) => emit('debug', args),
  info: (...args: unknown[]) => emit('info', args),
  warn: (...args: unknown[]) => emit('warn', args),
  error: (...args: unknown[]) => emit('error', args),
};
// Weft's report hook (report.ts), not enumerable so the logger's keys stay the platform's.
Object.defineProperty(methods, REPORT_KEY, { value: createReportHook((level, message) => emit(level, ['%s', message])) });

export const logger: Logger = Object.freeze(methods);
