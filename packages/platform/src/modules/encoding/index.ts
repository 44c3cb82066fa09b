/**
 * Built-in module `encoding` (spec §17). TextEncoder/TextDecoder are Node's WHATWG classes, which
 * decode the legacy labels (ISO-8859-2, KOI8-R, GBK, ...) through full ICU.
 */
export { atob, btoa } from './binary-string.ts';
export { base64, base64url, base16, type Codec } from './codecs.ts';
export { TextEncoder, TextDecoder } from 'node:util';
