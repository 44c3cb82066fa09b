/**
 * A standby edge thread: started before the command has loaded the rest of Weft, it loads an edge
 * thread's whole module graph (the runtime, the platform, undici) on the other core while the main
 * thread loads its own, then waits for the thread data its ThreadClient sends when the pool starts
 * (edge-thread.ts). That overlaps the two start-ups, the larger part of `weft serve`'s time to its
 * first answer. This module imports nothing heavy, so a command can call warmEdgeThreads() first.
 */
import { Worker } from 'node:worker_threads';
import { runtimeFile } from '../runtime-files.ts';

export const THREAD_BOOT = runtimeFile('thread-boot.mjs');
export const THREAD_ENTRY = runtimeFile('edge-thread.js').href;
/** The heap cap of an edge thread when the pool is given none (EdgePool's heapMb). */
export const DEFAULT_THREAD_HEAP_MB = 256;

/** workerData of a standby thread: its data comes later, in a `start` message. */
export interface StandbyData {
  entry: string;
  standby: true;
}

/**
 * The young generation of an edge thread. A request leaves tens of kilobytes of short-lived
 * objects, and every scavenge copies what the requests in flight still hold; a larger young
 * generation scavenges less often for the same garbage. Under wrk (`pnpm bench proxy`, 8
 * interleaved rounds) 96 MB used about 15% less CPU per request than V8's default, for about 40 MB
 * more resident memory per thread; 144 and 192 MB did no better, and 384 MB made scavenges far
 * slower.
 */
export const EDGE_THREAD_YOUNG_MB = 96;

const waiting: Array<{ worker: Worker; heapMb: number }> = [];

export function threadOptions(heapMb: number): ConstructorParameters<typeof Worker>[1] {
  // The name is what a debugger lists the thread as (`--inspect`): "[worker 2] weft edge thread".
  return { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: EDGE_THREAD_YOUNG_MB }, stdout: false, stderr: false, name: 'weft edge thread' };
}

/**
 * Starts `count` standby threads with the heap cap `heapMb`. They do not keep the process alive,
 * and one never taken ends with the process. Returns their thread ids.
 */
export function warmEdgeThreads(count = 1, heapMb = DEFAULT_THREAD_HEAP_MB): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const data: StandbyData = { entry: THREAD_ENTRY, standby: true };
    const worker = new Worker(THREAD_BOOT, { ...threadOptions(heapMb), workerData: data });
    worker.unref();
    const entry = { worker, heapMb };
    // A standby that fails or exits before it is taken is simply not used.
    const drop = (): void => {
      const index = waiting.indexOf(entry);
      if (index !== -1) waiting.splice(index, 1);
    };
    worker.once('error', drop);
    worker.once('exit', drop);
    waiting.push(entry);
    ids.push(worker.threadId);
  }
  return ids;
}

/** A standby thread with this heap cap, taken out of the standby list (and kept alive from now on), if there is one. */
export function takeStandbyThread(heapMb: number): Worker | undefined {
  const index = waiting.findIndex((entry) => entry.heapMb === heapMb);
  if (index === -1) return undefined;
  const [entry] = waiting.splice(index, 1);
  if (entry === undefined) return undefined;
  entry.worker.removeAllListeners('error');
  entry.worker.removeAllListeners('exit');
  entry.worker.ref();
  return entry.worker;
}
