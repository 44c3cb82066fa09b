export { startWorker, type StartWorkerOptions, type RunningWorker, type SendInit, type Sent } from './start-worker.ts';
export { contextHeaders, type SimulatedContext } from './context.ts';
export { TestingError } from './errors.ts';
export type { EdgeKvTestOptions, WorkerEdgeKv, SandboxOption } from './edgekv.ts';
export type { EdgeKvSeedData } from '@weft/cli';
export type { Trace, StageRecord, SubrequestTrace, CacheDecision, EdgeKvCall } from '@weft/runtime';
