/**
 * UTF-8 in plain ECMAScript (WHATWG Encoding §4.1 and §9.1, the UTF-8 decoder), for a realm with no
 * TextEncoder/TextDecoder of its own. Bodies pass through here, so both directions take an ASCII
 * fast path and build strings with `String.fromCharCode.apply` over chunks, never a char at a time.
 */
const fromCharCode = String.fromCharCode;
// Arguments per fromCharCode.apply call: far below any engine's argument limit.
const CHUNK = 0x2000;
const REPLACEMENT = 0xfffd;

/** A string of the UTF-16 code units `units[0..length)` (bytes give a binary string: one char per byte). */
export function codeUnitsToString(units: Uint8Array | Uint16Array, length = units.length): string {
  if (length <= CHUNK) return fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let text = '';
  for (let i = 0; i < length; i += CHUNK) {
    text += fromCharCode.apply(null, units.subarray(i, Math.min(i + CHUNK, length)) as unknown as number[]);
  }
  return text;
}

/** Bytes `text` takes as UTF-8 (a lone surrogate counts as U+FFFD: 3 bytes). */
export function utf8ByteLength(text: string): number {
  return text.length + extraBytes(text, 0);
}

/** Bytes beyond one per code unit that `text` from `start` needs. */
function extraBytes(text: string, start: number): number {
  let extra = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) extra += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      extra += 2; // 4 bytes for 2 code units
      i++;
    } else extra += 2;
  }
  return extra;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `text` as UTF-8; lone surrogates become U+FFFD (Encoding §4.1 "UTF-8 encode"). */
export function utf8Encode(text: string): Uint8Array {
  const length = text.length;
  let bytes = new Uint8Array(length);
  let i = 0;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) break;
    bytes[i] = code;
  }
  if (i === length) return bytes;
  const ascii = bytes;
  bytes = new Uint8Array(length + extraBytes(text, i));
  bytes.set(ascii.subarray(0, i));
  writeUtf8(text, i, bytes, i, bytes.length);
  return bytes;
}

export interface EncodeIntoResult {
  /** UTF-16 code units of the source consumed. */
  read: number;
  /** Bytes written to the destination. */
  written: number;
}

/** TextEncoder.encodeInto: writes whole code points while they fit. */
export function utf8EncodeInto(text: string, target: Uint8Array): EncodeIntoResult {
  const read = writeUtf8(text, 0, target, 0, target.length);
  return { read: read.read, written: read.written };
}

/** Encodes `text` from unit `from` into `out` from byte `at` up to byte `limit`; stops before a code point that does not fit. */
function writeUtf8(text: string, from: number, out: Uint8Array, at: number, limit: number): EncodeIntoResult {
  let i = from;
  let o = at;
  const length = text.length;
  while (i < length) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      if (o >= limit) break;
      out[o++] = code;
      i++;
      continue;
    }
    let units = 1;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && isLowSurrogate(next)) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        units = 2;
      } else code = REPLACEMENT;
    }
    if (code < 0x800) {
      if (o + 2 > limit) break;
      out[o++] = 0xc0 | (code >> 6);
    } else if (code < 0x10000) {
      if (o + 3 > limit) break;
      out[o++] = 0xe0 | (code >> 12);
      out[o++] = 0x80 | ((code >> 6) & 0x3f);
    } else {
      if (o + 4 > limit) break;
      out[o++] = 0xf0 | (code >> 18);
      out[o++] = 0x80 | ((code >> 12) & 0x3f);
      out[o++] = 0x80 | ((code >> 6) & 0x3f);
    }
    out[o++] = 0x80 | (code & 0x3f);
    i += units;
  }
  return { read: i - from, written: o - at };
}

/** Thrown by a fatal decode; the Encoding standard makes it a TypeError. */
function invalidSequence(index: number): TypeError {
  return new TypeError(`The encoded data is not valid UTF-8: invalid or incomplete byte sequence at byte ${index}. Decode without { fatal: true } to get U+FFFD in its place`);
}

/** Bytes of the sequence that lead byte `lead` starts (0: not a lead byte), and the range its second byte must fall in. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function secondLow(lead: number): number {
  return lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
}

function secondHigh(lead: number): number {
  return lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
}

/**
 * How many bytes at the end of `bytes` start a sequence that is valid so far but unfinished (0-3):
 * a streaming decoder keeps them for the next chunk (Encoding §4.1, the decoder's state).
 */
export function utf8IncompleteTail(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back];
    if (byte < 0x80) return 0;
    if (byte < 0xc0) continue; // a continuation byte: look further back for its lead
    const need = sequenceLength(byte);
    if (need <= back) return 0;
    if (back >= 2) {
      const second = bytes[end - back + 1];
      if (second < secondLow(byte) || second > secondHigh(byte)) return 0;
    }
    // Third bytes, when present, are continuation bytes by the loop's `continue`.
    return back;
  }
  return 0;
}

/**
 * Decodes UTF-8 (Encoding §9.1): invalid sequences become U+FFFD, or a TypeError when `fatal`. A
 * leading BOM is removed unless `keepBOM` (URL's "UTF-8 decode without BOM" keeps it), matching
 * `new TextDecoder('utf-8', { fatal }).decode(bytes)`.
 */
export function utf8Decode(bytes: Uint8Array, fatal = false, keepBOM = false): string {
  let start = 0;
  if (!keepBOM && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  return decodeRange(bytes, start, bytes.length, fatal);
}

/** Decodes `bytes[start..end)` as a complete input (an unfinished sequence at the end is an error). */
export function decodeRange(bytes: Uint8Array, start: number, end: number, fatal: boolean): string {
  let i = start;
  while (i < end && bytes[i] < 0x80) i++;
  if (i === end) return codeUnitsToString(bytes.subarray(start, end), end - start);
  // At most one UTF-16 unit per byte: 1-3 byte sequences give one unit, 4-byte ones two.
  const units = new Uint16Array(end - start);
  let u = 0;
  for (let k = start; k < i; k++) units[u++] = bytes[k];
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      units[u++] = lead;
      i++;
      continue;
    }
    const need = sequenceLength(lead);
    if (need === 0) {
      if (fatal) throw invalidSequence(i);
      units[u++] = REPLACEMENT;
      i++;
      continue;
    }
    let code = lead & (0x7f >> need);
    let seen = 1;
    let low = secondLow(lead);
    let high = secondHigh(lead);
    while (seen < need && i + seen < end) {
      const byte = bytes[i + seen];
      if (byte < low || byte > high) break;
      code = (code << 6) | (byte & 0x3f);
      seen++;
      low = 0x80;
      high = 0xbf;
    }
    if (seen < need) {
      // The offending byte (if any) is not consumed: it starts the next sequence.
      if (fatal) throw invalidSequence(i);
      units[u++] = REPLACEMENT;
      i += seen;
      continue;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      units[u++] = 0xd800 | (code >> 10);
      units[u++] = 0xdc00 | (code & 0x3ff);
    } else units[u++] = code;
    i += need;
  }
  return codeUnitsToString(units, u);
}
