/**
 * Header values on the wire. Node writes header strings as Latin-1 and throws on any character
 * past U+00FF, but spec §3.2 lets a worker's header value "use UTF-8": such a value goes out as its
 * UTF-8 bytes, as the edge sends it. Values made only of Latin-1 characters (everything a client or
 * origin sent, read byte for byte) keep their bytes.
 */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

export function toWireValue(value: string): string {
  return BEYOND_LATIN1.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}
