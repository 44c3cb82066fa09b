/**
 * `X-Akamai-EdgeWorker-<handler>-Log` values (spec §16). The entry format, ASCII encoding and the
 * per-handler cap with a final `$` belong to the log module (`formatLogHeader` in @weft/platform);
 * the debug layer adds what the request asked for: the minimum level, and no header when nothing is left.
 */
import { formatLogHeader as formatEntries, type LogEntry, type LogLevel } from '@weft/platform';

const ORDER: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export function formatLogHeader(entries: readonly LogEntry[], capBytes: number, minLevel: LogLevel = 'trace'): string | undefined {
  const shown = entries.filter((entry) => ORDER[entry.level] >= ORDER[minLevel]);
  return shown.length === 0 ? undefined : formatEntries(shown, capBytes);
}
