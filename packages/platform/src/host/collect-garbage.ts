/**
 * Explicit garbage collection for the host: the per-handler memory check needs a full collection,
 * and streamed sub-request bodies ask for young-generation ones (see `noteStreamedBytes`).
 *
 * Node exposes V8's `gc` only under --expose-gc. The flag is set just long enough to create one
 * context that has the function, then unset, so worker contexts made later never see a `gc`
 * global (V8 makes that global non-deletable, so the sandbox could not remove it).
 */
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

type GcFunction = (options?: { type: 'minor' | 'major' }) => void;

let gcFunction: GcFunction | undefined;

function gc(): GcFunction {
  if (gcFunction === undefined) {
    setFlagsFromString('--expose-gc');
    try {
      gcFunction = vm.runInNewContext('gc') as GcFunction;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return gcFunction;
}

/** A full collection (`major`) or a scavenge of the young generation only (`minor`, ~0.1 ms). */
export function collectGarbage(kind: 'minor' | 'major'): void {
  gc()({ type: kind });
}

/**
 * Bytes of streamed body between young-generation collections. Each chunk of a streamed body
 * leaves two ArrayBuffers of garbage (the socket read and the copy worker code got) and little
 * else, so nothing prompts V8 to collect before its own thresholds (about 32 MB of young array
 * buffers, 64 MB of external memory). A scavenge every 4 MB streamed keeps what a stream holds
 * near what is in flight: 13 instead of 31 MB of ArrayBuffers, 47 instead of 64–71 MB of RSS
 * growth for a 200 MB page (bench/compose-html), for about 0.1 ms per 4 MB.
 */
export const STREAMED_BYTES_PER_COLLECTION = 4 * 1024 * 1024;

let streamedSinceCollection = 0;
let collectionPending = false;

/** Counts streamed body bytes; past the threshold, schedules one scavenge after the current turn. */
export function noteStreamedBytes(bytes: number): void {
  streamedSinceCollection += bytes;
  if (streamedSinceCollection < STREAMED_BYTES_PER_COLLECTION || collectionPending) return;
  collectionPending = true;
  setImmediate(() => {
    collectionPending = false;
    streamedSinceCollection = 0;
    collectGarbage('minor');
  }).unref();
}
