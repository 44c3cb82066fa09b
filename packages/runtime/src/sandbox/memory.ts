/**
 * Heap measurement for `memory_usage` and the per-handler memory limit (§21.1: the JS heap in
 * use). The cheap reading (heap growth across the call) also counts garbage, so it only decides
 * whether to look closer: a handler is over its limit when the growth survives a full GC.
 */
import { getHeapStatistics } from 'node:v8';
import { collectGarbage } from '@weft/platform';

export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/** Heap growth since `before` that is still reachable after a full collection (costs a GC). */
export function retainedGrowth(before: number): number {
  collectGarbage('major');
  return heapUsed() - before;
}
