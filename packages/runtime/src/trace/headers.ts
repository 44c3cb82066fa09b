/**
 * Header lines as a trace keeps them: in order, names as sent, bounded so a worker that sends a
 * megabyte of sub-request headers does not make every trace in the store that large.
 */
import type { RecordedHeaders } from './schema.ts';

/** Per message: twice the platform's 8192 bytes of sub-request response headers (spec §21.2). */
export const TRACE_HEADER_BYTES = 16 * 1024;

/** Bytes of one line as HTTP/1.1 sends it, `name: value\r\n`: header strings hold a byte per character (latin1). */
function lineBytes(name: string, value: string): number {
  return name.length + value.length + 4;
}

/** The lines that fit in `maxBytes`, in order; the first line that does not fit and all after it are counted, not kept. */
export function recordHeaders(lines: Iterable<readonly [string, string]>, maxBytes = TRACE_HEADER_BYTES): RecordedHeaders {
  const kept: Array<[string, string]> = [];
  let used = 0;
  let omitted = 0;
  for (const [name, value] of lines) {
    const bytes = lineBytes(name, value);
    if (omitted === 0 && used + bytes <= maxBytes) {
      kept.push([name, value]);
      used += bytes;
    } else {
      omitted += bytes;
    }
  }
  return omitted === 0 ? { lines: kept } : { lines: kept, omittedBytes: omitted };
}
