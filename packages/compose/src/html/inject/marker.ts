/**
 * Splice markers. A handler of the platform's rewriter can only insert strings, synchronously, so
 * a streamed body cannot be written from inside it. Instead the handler inserts a marker, and a
 * pass after the rewriter replaces each marker with the body, streamed. A marker starts with a NUL
 * byte (never part of a valid HTML document, and found with one native `indexOf`) and carries a
 * per-page random nonce, so origin content cannot forge one.
 */
const PREFIX = 'weft-splice:';

export interface MarkerSet {
  /** The marker text for content number `id`. */
  marker(id: number): string;
  /** Bytes of `\0weft-splice:<nonce>:` */
  readonly prefix: Uint8Array;
  /** Longest marker, in bytes. */
  readonly maxLength: number;
}

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

export function createMarkers(): MarkerSet {
  const nonce = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const head = `\u0000${PREFIX}${nonce}:`;
  return {
    marker: (id) => `${head}${id}\u0000`,
    prefix: ascii(head),
    maxLength: head.length + 12,
  };
}

export type MarkerMatch = { kind: 'none' } | { kind: 'partial' } | { kind: 'marker'; id: number; end: number };

/** What starts at `at` (where `bytes[at]` is NUL): a whole marker, the start of one, or nothing. */
export function matchMarker(bytes: Uint8Array, at: number, markers: MarkerSet): MarkerMatch {
  const { prefix } = markers;
  for (let k = 0; k < prefix.length; k++) {
    if (at + k >= bytes.length) return { kind: 'partial' };
    if (bytes[at + k] !== prefix[k]) return { kind: 'none' };
  }
  let id = 0;
  let digits = 0;
  for (let i = at + prefix.length; ; i++) {
    if (i >= bytes.length) return digits > 10 ? { kind: 'none' } : { kind: 'partial' };
    const b = bytes[i] ?? 0;
    if (b === 0 && digits > 0) return { kind: 'marker', id, end: i + 1 };
    if (b < 0x30 || b > 0x39 || digits > 10) return { kind: 'none' };
    id = id * 10 + (b - 0x30);
    digits++;
  }
}
