/**
 * Which `logger` calls a request keeps (decision 34). Two readers want them, each with its own
 * level: the trace (and the dev terminal, which prints the trace) keeps every call at or above the
 * bundle's `config.logging.level`, whatever the request's headers; the debug log headers (§16) keep
 * what an enhanced-debugging request asked for. The log module is told the lower of the two, so a
 * call neither wants still costs nothing, and each entry then goes where its level is wanted.
 */
import type { LogLevel } from '@weft/platform';
import type { DebugRequest } from '../debug/pragma.ts';

const ORDER: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

function isLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && Object.hasOwn(ORDER, value);
}

export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return ORDER[level] >= ORDER[min];
}

export interface LogCapture {
  /** What the invocation context hands the log module: calls below `minLevel` do nothing. */
  logging: { enabled: true; minLevel: LogLevel };
  /** The lowest level the trace records: the bundle's configured level, or every level without one. */
  traced: LogLevel;
}

/** `configured`: `bundle.json` `config.logging.level` (weft.config `bundle.config.logging.level`). */
export function logCapture(configured: string | undefined, debug: DebugRequest['logging']): LogCapture {
  // Without a configured level every call is kept: locally there is no DataStream 2 bill to mind,
  // and a developer who wrote logger.log wants to see it.
  const traced: LogLevel = isLevel(configured) ? configured : 'trace';
  const minLevel = debug.enabled && !atLeast(debug.minLevel, traced) ? debug.minLevel : traced;
  return { logging: { enabled: true, minLevel }, traced };
}
