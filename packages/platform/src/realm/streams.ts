/**
 * WHATWG streams for the realm that runs this code. A vm realm has no stream classes, and Node's
 * belong to the host realm, so the platform evaluates a spec-complete implementation in each worker
 * realm (web-streams-polyfill's ponyfill: no globals touched, Promise captured at load).
 */
export {
  ReadableStream, WritableStream, TransformStream, ByteLengthQueuingStrategy, CountQueuingStrategy,
  ReadableStreamDefaultReader, WritableStreamDefaultWriter,
  type ReadableStreamDefaultController, type TransformStreamDefaultController, type WritableStreamDefaultController,
} from 'web-streams-polyfill';
