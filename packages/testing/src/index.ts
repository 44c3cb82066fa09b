export { startWorker, type StartWorkerOptions, type RunningWorker, type SendInit, type Sent } from './start-worker.ts';
export { contextHeaders, type SimulatedContext } from './context.ts';
export { TestingError } from './errors.ts';
export type { Trace, StageRecord, SubrequestTrace, CacheDecision } from '@weft/runtime';
