/**
 * Built-in module `streams` (spec §11): the WHATWG stream classes of the realm that runs the worker
 * (realm/streams.ts); `pipeThrough` accepts any `{ readable, writable }`.
 */
export { ReadableStream, WritableStream, TransformStream, ByteLengthQueuingStrategy, CountQueuingStrategy } from '../realm/streams.ts';
