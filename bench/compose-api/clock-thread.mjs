// The origin process's alarm clock (see origin-process.ts): sleeps on a futex until the published
// due time, to the microsecond, and tells the main thread; then waits for the next due time.
// Layout of the shared memory: Int32 [0] = generation, Float64 [1] = due time (epoch ms).
import { parentPort, workerData } from 'node:worker_threads';

const generation = new Int32Array(workerData, 0, 1);
const due = new Float64Array(workerData, 8, 1);
const now = () => performance.timeOrigin + performance.now();

for (;;) {
  const seen = Atomics.load(generation, 0);
  const at = due[0];
  const wait = at - now();
  if (wait > 0 || !Number.isFinite(at)) {
    // Woken early by a new (earlier) due time, or at the due time: look again.
    Atomics.wait(generation, 0, seen, Number.isFinite(at) ? wait : undefined);
    continue;
  }
  parentPort.postMessage(0);
  // The main thread answers what is due and publishes the next due time (a new generation).
  Atomics.wait(generation, 0, seen);
}
