/**
 * The debug log header value (spec §16): `<L>:<file>:<line> <message>` entries joined by `|`, the
 * file left out when it repeats, ASCII only, cut at the per-handler cap with a closing `$`.
 */
import { utf8Encode } from '../../realm/utf8.ts';
import type { LogEntry, LogLevel } from '../../host/invocation.ts';

export const LEVEL_LETTERS: Readonly<Record<LogLevel, string>> = { trace: 'T', debug: 'D', info: 'I', warn: 'W', error: 'E' };

/** Percent-encodes non-ASCII characters, controls and the header's own delimiters (`%`, `|`). */
export function encodeLogText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code >= 0x7f || char === '%' || char === '|') {
      for (const byte of utf8Encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else {
      out += char;
    }
  }
  return out;
}

export function formatLogHeader(entries: readonly LogEntry[], capBytes: number): string {
  let previousFile: string | undefined;
  const lines = entries.map((entry, index) => {
    const file = index > 0 && entry.file === previousFile ? '' : encodeLogText(entry.file ?? '');
    previousFile = entry.file;
    return `${LEVEL_LETTERS[entry.level]}:${file}:${entry.line ?? ''} ${encodeLogText(entry.message)}`;
  });
  const value = lines.join('|');
  // The value is ASCII now, so characters are bytes.
  if (value.length <= capBytes) return value;
  return `${cutAtCharacter(value, capBytes - 1)}$`;
}

/** The longest prefix within `max` bytes that keeps each character's escapes whole. */
function cutAtCharacter(value: string, max: number): string {
  let end = Math.max(0, max);
  const partial = value.lastIndexOf('%', end - 1);
  if (partial !== -1 && partial > end - 3) end = partial;
  // Literal characters are single bytes, so only the run of escapes just before the cut matters.
  let start = end;
  while (start >= 3 && value[start - 3] === '%') start -= 3;
  let kept = start;
  for (let i = start; i < end; ) {
    const lead = Number.parseInt(value.slice(i + 1, i + 3), 16);
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (i + length * 3 > end) break;
    i += length * 3;
    kept = i;
  }
  return value.slice(0, kept);
}
