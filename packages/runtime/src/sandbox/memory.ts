/**
 * Heap measurement for `memory_usage` and the per-handler memory limit (§21.1: the JS heap in
 * use). The cheap reading (heap growth across the call) also counts garbage, so it only decides
 * whether to look closer: a handler is over its limit when the growth survives a full GC.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

let collect: (() => void) | undefined;

function fullGc(): void {
  if (collect === undefined) {
    // A gc function without starting Node with --expose-gc: the flag applies to contexts made after it.
    setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** Heap growth since `before` that is still reachable after a full collection (costs a GC). */
export function retainedGrowth(before: number): number {
  fullGc();
  return heapUsed() - before;
}
