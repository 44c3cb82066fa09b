/**
 * Hand-made tar pieces for the bundle readers' property suites (weft validate's and the runtime
 * loader's): headers with the names, types and sizes a writer refuses to produce, and a way to
 * count a reader's steps.
 */
import fc from 'fast-check';
import { vi } from 'vitest';

/** One raw ustar header; `sizeText` replaces the octal size field as written. */
export function rawTarHeader(fields: { name: string; size: number; type?: string; prefix?: string; sizeText?: string }): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, offset: number): void => block.set(new TextEncoder().encode(text).subarray(0, 512 - offset), offset);
  put(fields.name, 0);
  put('0000644\0', 100);
  put(fields.sizeText ?? `${fields.size.toString(8).padStart(11, '0')}\0`, 124);
  put('        ', 148);
  put(fields.type ?? '0', 156);
  put('ustar\u000000', 257);
  put(fields.prefix ?? '', 345);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** Parts padded to 512-byte blocks, then the two zero blocks that end an archive. */
export function rawTarArchive(...parts: Uint8Array[]): Uint8Array {
  const padded = parts.map((part) => {
    const out = new Uint8Array(Math.ceil(part.length / 512) * 512);
    out.set(part);
    return out;
  });
  return new Uint8Array(Buffer.concat([...padded, new Uint8Array(1024)]));
}

/** Bytes handed to TextDecoder while `run` runs: a tar reader's step count (names and numbers are decoded once per header). */
export function decodedBytes(run: () => void): number {
  let decoded = 0;
  const decode = TextDecoder.prototype.decode;
  vi.spyOn(TextDecoder.prototype, 'decode').mockImplementation(function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
    decoded += input?.byteLength ?? 0;
    return decode.call(this, input, options);
  });
  try {
    run();
  } finally {
    vi.restoreAllMocks();
  }
  return decoded;
}

export type Corruption = { kind: 'set'; at: number; byte: number } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array };

/** One to four corruptions of an archive: a byte changed, the rest cut off, bytes inserted. */
export const corruptions = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 600 }) }),
), { minLength: 1, maxLength: 4 });

/** `archive` with `changes` applied in order (positions wrap to its current length). */
export function corrupt(archive: Uint8Array, changes: readonly Corruption[]): Uint8Array {
  let bytes = new Uint8Array(archive);
  for (const m of changes) {
    const at = m.at % (bytes.length + 1);
    if (m.kind === 'set') bytes[Math.min(at, bytes.length - 1)] = m.byte;
    else if (m.kind === 'cut') bytes = bytes.slice(0, at);
    else bytes = new Uint8Array(Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]));
  }
  return bytes;
}
