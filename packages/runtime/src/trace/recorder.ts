/**
 * Builds one request's trace as the pipeline runs. Stages append records; the body tap finishes it.
 * The result is plain JSON matching `traceSchema`.
 */
import type { HandlerName, LogEntry, SubrequestRecord, WorkerReport } from '@weft/platform';
import { compositionOf } from './composition.ts';
import { edgeKvCallOf } from './edgekv-call.ts';
import { recordHeaders } from './headers.ts';
import type { CacheDecision, StageRecord, Trace, TraceError, ResponseSource } from './schema.ts';

let isoAt = -1;
let isoText = '';

/** The time now as ISO 8601 text, written once a millisecond: a busy edge starts several requests in one. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

export class TraceRecorder {
  readonly trace: Trace;
  readonly #start: number;
  readonly #now: () => number;
  /** Errors a handler reported before its stage record was written (it is written when the handler settles). */
  readonly #reported: Array<{ stage: HandlerName; code: string; error: TraceError }> = [];

  constructor(id: string, request: Trace['request'], now: () => number) {
    this.#now = now;
    this.#start = now();
    this.trace = {
      id,
      startedAt: isoNow(),
      durationMs: 0,
      request,
      simulation: { variables: {} },
      stages: [],
      subrequests: [],
      logs: [],
      warnings: [],
      compositions: [],
      complete: false,
    };
  }

  /** ms since the request started. */
  elapsed(): number {
    return this.#now() - this.#start;
  }

  stage(record: Omit<StageRecord, 'requestHeaderChanges' | 'responseHeaderChanges' | 'variableChanges'> & Partial<StageRecord>): void {
    // Stored as given (callers pass a fresh object), with the lists it left out made empty.
    const entry = record as StageRecord;
    entry.requestHeaderChanges ??= [];
    entry.responseHeaderChanges ??= [];
    entry.variableChanges ??= [];
    this.trace.stages.push(entry);
    for (let i = 0; i < this.#reported.length; ) {
      const waiting = this.#reported[i];
      if (waiting?.stage !== record.stage) i++;
      else {
        this.#reported.splice(i, 1);
        this.#attach(entry, waiting.code, waiting.error);
      }
    }
  }

  /**
   * What a handler's code reported without failing (WorkerReport: a compose callback threw, a
   * fallback stood in). A warning is a warning of the stage; the first error becomes the stage's
   * error unless the handler failed on its own, and later ones are warnings. A report may come
   * after the stage record (a streamed body is still being produced), or before it.
   */
  report(stage: HandlerName, report: WorkerReport): void {
    if (report.kind === 'warning' || report.error === undefined) {
      this.warn(report.code, report.message, stage);
      return;
    }
    const error: TraceError = { ...report.error, context: report.message };
    const record = this.trace.stages.findLast((s) => s.stage === stage);
    if (record === undefined) this.#reported.push({ stage, code: report.code, error });
    else this.#attach(record, report.code, error);
  }

  #attach(record: StageRecord, code: string, error: TraceError): void {
    if (record.error === undefined) {
      record.error = error;
      return;
    }
    const at = error.frames[0];
    this.warn(code, `${error.context ?? `${error.name}: ${error.message}`}${at === undefined ? '' : ` (${at.file}:${at.line}:${at.column})`}`, record.stage);
  }

  /** Times a system stage (cache lookup, origin fetch, ...). */
  system(stage: StageRecord['stage'], status: StageRecord['status'], startMs: number, note?: string): void {
    this.stage({ stage, kind: 'system', status, startMs, wallMs: this.elapsed() - startMs, ...(note === undefined ? {} : { note }) });
  }

  subrequest(handler: HandlerName, record: SubrequestRecord): void {
    const edgekv = edgeKvCallOf(record.method, record.url, record.status, record.error !== undefined);
    const entry = {
      handler,
      id: record.id,
      method: record.method,
      url: record.url,
      status: record.status,
      error: record.error,
      durationMs: record.durationMs,
      totalDurationMs: record.totalDurationMs,
      bodyError: record.bodyError,
      rateLimitedMs: record.rateLimitedMs,
      startMs: Math.max(0, record.startedAt - this.#start),
      notes: [...record.notes],
      ...(edgekv === undefined ? {} : { edgekv }),
      ...(record.localUrl === undefined ? {} : { localUrl: record.localUrl }),
      ...(record.requestHeaders === undefined ? {} : { requestHeaders: recordHeaders(record.requestHeaders) }),
      ...(record.responseHeaders === undefined ? {} : { responseHeaders: recordHeaders(record.responseHeaders) }),
      // Copies: the platform keeps updating its objects (a store after the head, a late trace id).
      ...(record.cache === undefined ? {} : { cache: { ...record.cache } }),
      ...(record.subWorker === undefined ? {} : { subWorker: { ...record.subWorker } }),
    };
    const index = this.trace.subrequests.findIndex((s) => s.handler === handler && s.id === record.id);
    if (index === -1) this.trace.subrequests.push(entry);
    else this.trace.subrequests[index] = entry;
  }

  /** A composition's plan (the report hook's kind 'plan'); one that does not parse is a warning, never a failure. */
  composition(handler: HandlerName, json: string): void {
    const entry = compositionOf(handler, json, this.trace);
    if (typeof entry === 'string') this.warn('compose-plan', `${entry}; the viewer shows no plan for it`, handler);
    else this.trace.compositions.push(entry);
  }

  log(handler: HandlerName, entry: LogEntry): void {
    this.trace.logs.push({ handler, level: entry.level, file: entry.file, line: entry.line, message: entry.message });
  }

  warn(code: string, message: string, stage?: string): void {
    this.trace.warnings.push(stage === undefined ? { code, message } : { code, message, stage });
  }

  cache(decision: Partial<CacheDecision> & Pick<CacheDecision, 'lookup'>): void {
    this.trace.cache = { stored: false, ...this.trace.cache, ...decision };
  }

  /** The response as it leaves the pipeline: status, where it came from, and its header lines. */
  respond(status: number, source: ResponseSource, headers: Iterable<readonly [string, string]>): void {
    this.trace.response = { status, source, headers: recordHeaders(headers) };
  }

  /** A body byte went out; the first call marks the first byte, later ones cost one check. */
  bodyByte(): void {
    if (this.trace.response !== undefined && this.trace.response.firstByteMs === undefined) this.trace.response.firstByteMs = this.elapsed();
  }

  /** `cause`: what cut a truncated body short (an Error of the host; anything else is not described). */
  finish(bodyBytes: number, truncated: boolean, cause?: unknown): Trace {
    this.trace.durationMs = this.elapsed();
    if (this.trace.response !== undefined) {
      this.trace.response.bodyBytes = bodyBytes;
      if (truncated) this.trace.response.truncated = true;
      if (truncated && cause instanceof Error) this.trace.response.truncatedBy = `${cause.name}: ${cause.message}`;
    }
    this.trace.complete = true;
    return this.trace;
  }
}
