/**
 * Built-in module `text-encode-transform` (spec §12): WHATWG TextEncoderStream/TextDecoderStream.
 * Node's implementations decode with full ICU, so legacy labels work, and fatal mode errors both
 * sides with a TypeError as the Encoding standard requires.
 */
export { TextEncoderStream, TextDecoderStream } from 'node:stream/web';
