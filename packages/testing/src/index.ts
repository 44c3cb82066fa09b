export { startWorker, type StartWorkerOptions, type RunningWorker, type SendInit, type Sent } from './start-worker.ts';
export { contextHeaders, type SimulatedContext } from './context.ts';
export { TestingError, HandlerMemberError, UnmatchedSubrequestError } from './errors.ts';
export { requestFor, responseFor, type TestRequest, type TestResponse } from './handler/factories.ts';
export type { RequestOptions, ResponseOptions, HeaderInit } from './handler/options-schema.ts';
export { callHandler, runHandler, type CallOptions, type RunInit, type HandlerFunction } from './handler/call-handler.ts';
export type { ResponseHandlerName } from './handler/handler-name.ts';
export type {
  HandlerResult, RequestOutcome, ResponseOutcome, ProvidedResponse, RespondedWith, ResponseOf, HeaderChange, VariableChange,
} from './handler/outcome.ts';
export { mockSubrequests, SubrequestMock, type RouteAnswer, type RouteTable } from './subrequests/mock.ts';
export type { Answer } from './subrequests/answer.ts';
export type { RecordedSubrequest } from './subrequests/recorded.ts';
export type { EdgeKvTestOptions, WorkerEdgeKv, SandboxOption } from './edgekv.ts';
export type { EdgeKvSeedData } from '@weft/cli';
export type { Trace, StageRecord, SubrequestTrace, CacheDecision, EdgeKvCall } from '@weft/runtime';
export type { HandlerName, LogEntry } from '@weft/platform';
