/**
 * Everything one request carries through the pipeline: the client-side request state (what
 * onClientRequest changed, §2.3 rule 1), the origin-side state (§2.3 rule 2), the response so far,
 * and what the trace and debug headers will report. Stages read and write it; nothing else does.
 */
import type { Dispatcher } from 'undici';
import type { HandlerName, HeaderList, HostPolicy, Limits, LogEntry, RequestState, SubrequestCache, SubrequestRecord } from '@weft/platform';
import type { SubWorkerVerdict } from './sub-worker.ts';
import type { RuntimeOptions } from '../config/schema.ts';
import type { DebugRequest } from '../debug/pragma.ts';
import type { HandlerReport, WorkerIdentity } from '../debug/info-header.ts';
import type { CacheStore } from '../cache/store.ts';
import type { SimulatedContext } from '../simulation/headers.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { RequestProfiler } from '../profile/request-profiler.ts';
import type { ResponseSource } from '../trace/schema.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { Body } from './body.ts';

export interface PipelineResponse {
  status: number;
  headers: HeaderList;
  body: Body;
  source: ResponseSource;
  /** Set when the response may go to the cache store (fresh from the origin or responseProvider). */
  storable: boolean;
}

/** Long-lived things every request shares. */
export interface PipelineServices {
  options: RuntimeOptions;
  limits: Limits;
  identity: WorkerIdentity;
  dispatcher: Dispatcher;
  cache: CacheStore;
  /** The same cache as sub-requests to mapped hosts meet it; undefined when none of them uses it. */
  subrequestCache?: SubrequestCache | undefined;
  /** Monotonic ms clock. */
  now(): number;
}

export interface Exchange {
  services: PipelineServices;
  sandbox: Sandbox;
  requestId: number;
  trace: TraceRecorder;
  /** Set when the request asked for a CPU profile of its handlers (`x-weft-profile: 1`). */
  profiler: RequestProfiler | undefined;
  debug: DebugRequest;
  simulation: SimulatedContext;
  /** Client-side view: onClientRequest's changes, seen by every later handler (§2.3 rule 1). */
  request: RequestState;
  /** Origin-side view: a copy for onOriginRequest/onOriginResponse (§2.3 rule 2). */
  originRequest: RequestState | undefined;
  clientBody: Body;
  /** Whether handlers run for this method (decision 10). */
  handlersEnabled: boolean;
  response: PipelineResponse | undefined;
  /** No further stage may change the response (a handler failure, a Bot Manager deny). */
  final: boolean;
  /** onClientRequest failed under Continue on error: responseProvider is skipped (§2.6). */
  skipResponseProvider: boolean;
  cacheKey: string | undefined;
  cacheLookup: 'hit' | 'miss' | 'stale' | 'bypass';
  /** Each handler's report, for the debug info headers: kept only for the handlers the request asked them of. */
  reports: Map<HandlerName, HandlerReport>;
  logs: Map<HandlerName, LogEntry[]>;
  subrequests: Array<{ handler: HandlerName; record: SubrequestRecord }>;
  /** Set when another app's sub-request called this one as a subWorker (platform §20). */
  subWorker?: SubWorkerVerdict | undefined;
  /** What the request's handlers may reach (run-handler.ts), made by the first that runs. */
  hostPolicy?: HostPolicy | undefined;
}
