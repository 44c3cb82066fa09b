/**
 * Query-string components decoded exactly as URLSearchParams decodes them (WHATWG URL §5.1): `+`
 * is a space, each valid `%XX` escape a byte, and the bytes are read as UTF-8 with every invalid
 * sequence a U+FFFD. A stray `%` stays as written. Written out here because compose runs inside
 * worker bundles, where neither Node's URLSearchParams nor a global TextDecoder can be assumed.
 */

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Appends the UTF-8 bytes of the code point at `text[i]`; returns how many code units it took. */
function pushUtf8(text: string, i: number, bytes: number[]): number {
  let code = text.charCodeAt(i);
  let units = 1;
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      units = 2;
    }
  }
  // A lone surrogate is U+FFFD, as the USVString conversion of URLSearchParams makes it.
  if (units === 1 && code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  if (code < 0x80) bytes.push(code);
  else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  return units;
}

/** Encoding §8.1.1 UTF-8 decoder: each maximal invalid subpart becomes one U+FFFD. */
function utf8Decode(bytes: readonly number[]): string {
  let out = '';
  let needed = 0;
  let seen = 0;
  let code = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (needed === 0) {
      if (byte <= 0x7f) out += String.fromCharCode(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) [needed, code] = [1, byte & 0x1f];
      else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        [needed, code] = [2, byte & 0x0f];
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        [needed, code] = [3, byte & 0x07];
      } else out += '\ufffd';
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence broke off: one replacement for it, and this byte starts afresh.
      [needed, seen, code, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      out += '\ufffd';
      i--;
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    code = (code << 6) | (byte & 0x3f);
    if (++seen === needed) {
      out += String.fromCodePoint(code);
      [needed, seen, code] = [0, 0, 0];
    }
  }
  return needed === 0 ? out : `${out}\ufffd`;
}

/** One name or value of a query string, decoded as URLSearchParams decodes it. */
export function decodeFormComponent(text: string): string {
  const spaced = text.indexOf('+') === -1 ? text : text.replace(/\+/g, ' ');
  if (spaced.indexOf('%') === -1 && !/[\ud800-\udfff]/.test(spaced)) return spaced;
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; ) {
    if (spaced.charCodeAt(i) === 0x25 && i + 2 < spaced.length) {
      const high = hexValue(spaced.charCodeAt(i + 1));
      const low = hexValue(spaced.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        bytes.push((high << 4) | low);
        i += 3;
        continue;
      }
    }
    i += pushUtf8(spaced, i, bytes);
  }
  return utf8Decode(bytes);
}
