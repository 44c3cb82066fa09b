/**
 * gzip with a fixed header: zlib already writes mtime 0 and no file name; the OS byte is pinned to
 * 3 (Unix) so the bytes do not depend on the machine that packed the bundle.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export function gzipDeterministic(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(gzipSync(data, { level: 9 }));
  out.fill(0, 4, 8); // MTIME
  out[9] = 3; // OS
  return out;
}

/** Inflates `data`; past `maxBytes` it throws Node's RangeError with code ERR_BUFFER_TOO_LARGE. */
export function gunzip(data: Uint8Array, maxBytes?: number): Uint8Array {
  return new Uint8Array(gunzipSync(data, maxBytes === undefined ? {} : { maxOutputLength: maxBytes }));
}
