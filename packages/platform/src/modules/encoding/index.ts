/**
 * Built-in module `encoding` (spec §17): base64 and friends, atob/btoa, and the WHATWG
 * TextEncoder/TextDecoder, all plain ECMAScript so that every value they make is the worker realm's.
 */
export { atob, btoa } from './binary-string.ts';
export { base64, base64url, base16, type Codec } from './codecs.ts';
export { TextEncoder } from './text-encoder.ts';
export { TextDecoder, type TextDecoderOptions, type TextDecodeOptions } from './text-decoder.ts';
