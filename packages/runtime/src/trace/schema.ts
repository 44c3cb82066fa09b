/**
 * The per-request trace, declared once (docs/style.md habit 6): the pipeline records it, the server
 * serves it as JSON (`GET /__weft/trace/:id`), the trace viewer and the testing helpers read it.
 * Everything is plain JSON so an edge thread can post it to the main thread as is.
 */
import { z } from '../zod.ts';

export const HANDLER_STAGES = ['onClientRequest', 'onBotSegmentAvailable', 'onOriginRequest', 'onOriginResponse', 'onClientResponse', 'responseProvider'] as const;
export const SYSTEM_STAGES = ['simulation', 'methodCheck', 'botManager', 'cacheLookup', 'origin', 'cacheStore', 'failure'] as const;

/** Handler outcomes use the enhanced debug-header status names (spec §22.4), plus what the pipeline decided. */
export const STAGE_STATUSES = [
  'Success', 'UnimplementedEventHandler', 'GenericError', 'ExecutionError', 'RuntimeError', 'TimeoutError',
  'WallTimeoutError', 'InitWallTimeoutError', 'CpuTimeoutError', 'InitCpuTimeoutError', 'ResourceLimit',
  'Bypassed', 'NotRun', 'Done', 'Failed',
] as const;

const headerChangeSchema = z.object({
  name: z.string(),
  /** Values before and after the stage; `[]` when absent. */
  before: z.array(z.string()),
  after: z.array(z.string()),
});

const variableChangeSchema = z.object({
  name: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});

/**
 * Header lines as they crossed the wire, in order, names as sent. A trace keeps at most
 * TRACE_HEADER_BYTES of them per message (headers.ts); `omittedBytes` counts what it left out.
 */
export const recordedHeadersSchema = z.object({
  lines: z.array(z.tuple([z.string(), z.string()])),
  omittedBytes: z.number().optional(),
});

export const traceErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  /** Source-mapped stack: `file:function:line:column` frames, most recent first. */
  frames: z.array(z.object({ file: z.string(), function: z.string(), line: z.number(), column: z.number() })),
  stack: z.string().optional(),
  /**
   * Set when the worker caught the error and reported it instead of failing (a @weft/compose
   * callback threw): what was done about it, e.g. `compose: merge threw, answering 500: ...`.
   * The stage's status is then the platform's (`Success`); this is the author's explanation.
   */
  context: z.string().optional(),
});

export const stageRecordSchema = z.object({
  stage: z.enum([...HANDLER_STAGES, ...SYSTEM_STAGES]),
  kind: z.enum(['handler', 'system']),
  status: z.enum(STAGE_STATUSES),
  /** ms since the trace started. */
  startMs: z.number(),
  wallMs: z.number(),
  cpuMs: z.number().optional(),
  initWallMs: z.number().optional(),
  initCpuMs: z.number().optional(),
  memoryBytes: z.number().optional(),
  /** respondWith (or createResponse) status when the stage produced the response. */
  responded: z.object({ status: z.number(), denyReason: z.string().optional() }).optional(),
  requestHeaderChanges: z.array(headerChangeSchema).default([]),
  responseHeaderChanges: z.array(headerChangeSchema).default([]),
  variableChanges: z.array(variableChangeSchema).default([]),
  /** The route() destination after onClientRequest, when set. */
  route: z.object({ origin: z.string().optional(), path: z.string().optional(), query: z.string().optional() }).optional(),
  error: traceErrorSchema.optional(),
  note: z.string().optional(),
});

/**
 * A sub-request recognised as an EdgeKV call by its path (docs/edgekv.md): what the trace viewer
 * shows instead of a bare URL. `hit`/`miss` are reads that found or missed the item; `ok` is a
 * write or delete the service accepted; `error` any other answer or none; `pending` not answered yet.
 */
export const edgeKvCallSchema = z.object({
  namespace: z.string(),
  group: z.string(),
  item: z.string(),
  operation: z.enum(['read', 'write', 'delete']),
  result: z.enum(['hit', 'miss', 'ok', 'error', 'pending']),
  sandboxId: z.string().optional(),
});

export const cacheDecisionSchema = z.object({
  /** hit: fresh object served; stale: expired object, refetched; miss: nothing stored; bypass: lookup skipped. */
  lookup: z.enum(['hit', 'miss', 'stale', 'bypass']),
  key: z.string().optional(),
  reason: z.string().optional(),
  /** Whether the response was stored, and for how long. */
  stored: z.boolean().default(false),
  ttlSeconds: z.number().optional(),
  storeReason: z.string().optional(),
  ageSeconds: z.number().optional(),
});

/** One sub-request's pass through the cache: the client cache's decision, less the store reason (`reason` says it). */
export const subrequestCacheSchema = cacheDecisionSchema.omit({ storeReason: true });

/** A sub-request served by another app's pipeline: which app, and the id of its own (nested) trace. */
export const subWorkerCallSchema = z.object({
  app: z.string(),
  traceId: z.string(),
  /** 1 for a child of the root request, 2 for a grandchild (platform §20: at most 2). */
  depth: z.number(),
});

/**
 * How one composition (`@weft/compose` API or page) ran its plan, for the viewer: each source,
 * what it waited for, and what became of it (issue 17).
 */
export const compositionSourceSchema = z.object({
  name: z.string(),
  dependsOn: z.array(z.string()).default([]),
  outcome: z.enum(['ran', 'skipped', 'timed-out', 'fell-back', 'failed']),
  /** Why it was skipped, timed out, fell back or failed. */
  reason: z.string().optional(),
  /** The sub-requests it made, by their `subrequests[].id`. */
  subrequestIds: z.array(z.number()).default([]),
  /** ms since the trace started. */
  startMs: z.number().optional(),
  durationMs: z.number().optional(),
});

export const compositionTraceSchema = z.object({
  handler: z.enum(HANDLER_STAGES),
  kind: z.enum(['api', 'page']),
  name: z.string().optional(),
  sources: z.array(compositionSourceSchema),
  partial: z.boolean().default(false),
});

export const subrequestTraceSchema = z.object({
  handler: z.enum(HANDLER_STAGES),
  id: z.number(),
  method: z.string(),
  url: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  durationMs: z.number().optional(),
  totalDurationMs: z.number().optional(),
  bodyError: z.string().optional(),
  rateLimitedMs: z.number().optional(),
  /** ms since the trace started. */
  startMs: z.number(),
  notes: z.array(z.string()).default([]),
  edgekv: edgeKvCallSchema.optional(),
  /** The local server Weft dialled for `url` (decisions 21-23), when it differs from `url`. */
  localUrl: z.string().optional(),
  /** What went out (after the platform dropped hop-by-hop headers, decision 25) and what came back. */
  requestHeaders: recordedHeadersSchema.optional(),
  responseHeaders: recordedHeadersSchema.optional(),
  /**
   * How the sub-request went through the runtime's cache, as a sub-request to a host the property
   * serves does at the edge (issue 17); absent when it did not (an unmapped host, caching off).
   */
  cache: subrequestCacheSchema.optional(),
  /** Set when the sub-request ran another local app's pipeline as a subWorker (platform §20). */
  subWorker: subWorkerCallSchema.optional(),
});

export const logTraceSchema = z.object({
  handler: z.enum(HANDLER_STAGES),
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error']),
  file: z.string().optional(),
  line: z.number().optional(),
  message: z.string(),
});

export const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  stage: z.string().optional(),
});

/** Where a profiled function's code belongs (profile/frame-place.ts). */
export const FRAME_KINDS = ['worker', 'platform', 'weft', 'v8'] as const;

/** One function of a CPU profile, by the time V8 sampled it: self (its own code) and total (with what it called). */
export const hotFunctionSchema = z.object({
  function: z.string(),
  /**
   * `worker`: the bundle's code, at its source-mapped position; `platform`: the EdgeWorkers built-in
   * modules and request objects as Weft implements them; `weft`: the rest of Weft and Node;
   * `v8`: the engine's own ticks (garbage collector, native code).
   */
  kind: z.enum(FRAME_KINDS),
  /** The function's position (1-based): the author's source for worker code, the script's URL otherwise. */
  file: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  /** The line of `file` where most of its own samples fell. */
  hotLine: z.number().optional(),
  selfMs: z.number(),
  totalMs: z.number(),
});

/**
 * A CPU profile of the request's handlers (`x-weft-profile: 1`): what the viewer shows. The
 * `.cpuprofile` itself is at `GET /__weft/trace/:id/profile.cpuprofile` while the trace is kept.
 */
export const profileSummarySchema = z.object({
  /** Where V8 sampled: the request's edge thread, or the server's main thread (in-process). */
  thread: z.enum(['edge', 'main']),
  /** The sampling interval asked of V8, µs. */
  intervalUs: z.number(),
  /** ms since the trace started when the profiler was asked to start, just before the first handler. */
  startMs: z.number(),
  /** ms the profiler took to start (V8 lists the thread's compiled code), before the first handler and outside its CPU time. */
  setupMs: z.number(),
  /** ms sampled: from the first sample to the response's last byte. */
  durationMs: z.number(),
  samples: z.number(),
  /** Sampled time the thread was waiting (sub-requests, timers, the client). */
  idleMs: z.number(),
  /** The hottest functions by self time, hottest first. */
  hot: z.array(hotFunctionSchema),
  /** Bytes of the stored `.cpuprofile`; absent when there is none. */
  bytes: z.number().optional(),
  /** Why there is no profile (no handler ran, the inspector failed), or why it was not kept. */
  note: z.string().optional(),
});

export const traceSchema = z.object({
  id: z.string(),
  /** Wall-clock start, ISO 8601. */
  startedAt: z.string(),
  durationMs: z.number(),
  request: z.object({
    method: z.string(),
    scheme: z.string(),
    host: z.string(),
    url: z.string(),
    clientIp: z.string(),
    /** As the client sent them, simulation headers included (the worker never sees those). */
    headers: recordedHeadersSchema.optional(),
  }),
  simulation: z.object({
    location: z.record(z.string(), z.unknown()).optional(),
    device: z.record(z.string(), z.unknown()).optional(),
    bot: z.object({ segment: z.string(), action: z.string() }).optional(),
    variables: z.record(z.string(), z.string()),
    now: z.string().optional(),
  }),
  stages: z.array(stageRecordSchema),
  subrequests: z.array(subrequestTraceSchema),
  cache: cacheDecisionSchema.optional(),
  origin: z.object({
    url: z.string(),
    status: z.number().optional(),
    error: z.string().optional(),
    durationMs: z.number().optional(),
  }).optional(),
  logs: z.array(logTraceSchema),
  warnings: z.array(warningSchema),
  /** The plans of the compositions the worker ran (`@weft/compose`), in the order they ended. */
  compositions: z.array(compositionTraceSchema).default([]),
  /** For a subWorker's trace: the trace of the request whose sub-request ran it (platform §20). */
  parentId: z.string().optional(),
  /**
   * Final response sent to the client; `bodyBytes` once the body finished streaming, which is also
   * when `durationMs` is taken (the last byte).
   */
  response: z.object({
    status: z.number(),
    source: z.enum(['origin', 'cache', 'responseProvider', 'respondWith', 'failure', 'weft']),
    headers: recordedHeadersSchema.optional(),
    /** ms since the trace started when the first body byte went out; absent for an empty body or a proxied stream. */
    firstByteMs: z.number().optional(),
    bodyBytes: z.number().optional(),
    truncated: z.boolean().optional(),
    /** What cut the body short: the error's name and message (e.g. `CpuTimeoutError: ...`). */
    truncatedBy: z.string().optional(),
  }).optional(),
  /** False while the body is still streaming. */
  complete: z.boolean(),
  /** Set when the request asked for a CPU profile (`x-weft-profile: 1`). */
  profile: profileSummarySchema.optional(),
});

export type Trace = z.output<typeof traceSchema>;
export type StageRecord = z.output<typeof stageRecordSchema>;
export type StageName = StageRecord['stage'];
export type StageStatus = (typeof STAGE_STATUSES)[number];
export type SubrequestTrace = z.output<typeof subrequestTraceSchema>;
export type SubrequestCache = z.output<typeof subrequestCacheSchema>;
export type SubWorkerCall = z.output<typeof subWorkerCallSchema>;
export type CompositionTrace = z.output<typeof compositionTraceSchema>;
export type CompositionSource = z.output<typeof compositionSourceSchema>;
export type EdgeKvCall = z.output<typeof edgeKvCallSchema>;
export type CacheDecision = z.output<typeof cacheDecisionSchema>;
export type TraceError = z.output<typeof traceErrorSchema>;
export type RecordedHeaders = z.output<typeof recordedHeadersSchema>;
export type HeaderChange = z.output<typeof headerChangeSchema>;
export type VariableChange = z.output<typeof variableChangeSchema>;
export type TraceLog = z.output<typeof logTraceSchema>;
export type ProfileSummary = z.output<typeof profileSummarySchema>;
export type HotFunction = z.output<typeof hotFunctionSchema>;
export type FrameKind = (typeof FRAME_KINDS)[number];
export type ResponseSource = NonNullable<Trace['response']>['source'];
