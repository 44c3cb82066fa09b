/**
 * `X-Akamai-EdgeWorker-<handler>-Log` values (spec §16): `<L>:<file>:<line> <message>` entries joined
 * by `|`, the file omitted when it repeats (`D::5`), ASCII only, capped per handler with a final `$`.
 */
import type { LogEntry, LogLevel } from '@weft/platform';

const LETTER: Readonly<Record<LogLevel, string>> = { trace: 'T', debug: 'D', info: 'I', warn: 'W', error: 'E' };
const ORDER: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

// Non-ASCII, controls and the entry delimiter are percent-encoded so the header stays one ASCII line.
function asciiOnly(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x7f && char !== '|' && char !== '%') out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function formatLogHeader(entries: readonly LogEntry[], capBytes: number, minLevel: LogLevel = 'trace'): string | undefined {
  let previousFile: string | undefined;
  const parts: string[] = [];
  for (const entry of entries) {
    if (ORDER[entry.level] < ORDER[minLevel]) continue;
    const file = entry.file !== undefined && entry.file === previousFile ? '' : (entry.file ?? '');
    previousFile = entry.file;
    parts.push(`${LETTER[entry.level]}:${file}:${entry.line ?? ''} ${asciiOnly(entry.message)}`);
  }
  if (parts.length === 0) return undefined;
  const text = parts.join('|');
  return text.length <= capBytes ? text : `${text.slice(0, capBytes - 1)}$`;
}
