/** Bytes helpers shared by assembly and injection (no Node `Buffer` inside a worker). */
import { TextEncoder, type ReadableStream } from './platform.ts';

/** A stream of UTF-8 bytes: every page, fragment and template body. */
export type ByteStream = ReadableStream<Uint8Array>;

const encoder = new TextEncoder();

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export const EMPTY = new Uint8Array(0);
