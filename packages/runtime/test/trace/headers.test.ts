/** Header lines as a trace keeps them: in order, bounded per message. */
import { describe, expect, it } from 'vitest';
import { recordHeaders, TRACE_HEADER_BYTES } from '../../src/trace/headers.ts';

describe('recordHeaders', () => {
  it('keeps every line, in order and with names as sent, when they fit', () => {
    const lines: Array<[string, string]> = [['Host', 'a.example'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']];
    expect(recordHeaders(lines)).toEqual({ lines });
  });

  it('stops at the first line past the budget and counts the bytes of it and of every line after', () => {
    // Each line is 1 + 5 + 4 = 10 bytes on the wire.
    const lines: Array<[string, string]> = [['a', '12345'], ['b', '12345'], ['c', '1234567890'], ['d', '1']];
    expect(recordHeaders(lines, 20)).toEqual({ lines: [['a', '12345'], ['b', '12345']], omittedBytes: 15 + 6 });
  });

  it('bounds a worker that sends a megabyte of headers to TRACE_HEADER_BYTES', () => {
    const big = 'x'.repeat(1024 * 1024);
    const recorded = recordHeaders([['x-small', 'ok'], ['x-big', big]]);
    expect(recorded.lines).toEqual([['x-small', 'ok']]);
    expect(recorded.omittedBytes).toBe(big.length + 'x-big'.length + 4);
    expect(TRACE_HEADER_BYTES).toBe(16 * 1024);
  });
});
