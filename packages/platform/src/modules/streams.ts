/**
 * Built-in module `streams` (spec §11): the WHATWG stream classes. Node's `stream/web` is
 * spec-compliant, so it backs them directly; `pipeThrough` accepts any `{ readable, writable }`.
 */
export { ReadableStream, WritableStream, TransformStream, ByteLengthQueuingStrategy, CountQueuingStrategy } from 'node:stream/web';
