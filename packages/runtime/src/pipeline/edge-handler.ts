/**
 * The pipeline as an edge handler: what the server (in-process) or an edge thread (EdgePool) calls
 * for each request. It owns the trace store and answers `/__weft/*` itself, so traces are served
 * from wherever the pipeline runs.
 */
import type { RuntimeOptions } from '../config/schema.ts';
import { parseRuntimeOptions } from '../config/schema.ts';
import type { EdgeEnvironment, EdgeHandler, EdgeRequest, EdgeResponse } from '../isolation/types.ts';
import type { SandboxProvider, BundleInfo } from '../sandbox/types.ts';
import { answerTraceRoute, WEFT_PATH_PREFIX } from '../trace/routes.ts';
import { TraceStore } from '../trace/store.ts';
import { reportInternalError } from '../report/internal-error.ts';
import type { Body } from './body.ts';
import type { PipelineServices } from './exchange.ts';
import { runRequest, type PipelineRequest, type PipelineResult, type HeaderPairs } from './handle-request.ts';
import { andThen, promised, type Eventually } from './eventually.ts';
import { createServices } from './services.ts';

export interface PipelineReply {
  status: number;
  headers: HeaderPairs;
  body: Body;
}

export type PipelineHandler = (request: PipelineRequest) => Promise<PipelineReply>;

export interface PipelineHandlerParts {
  handle: PipelineHandler;
  /** `handle` without a promise where none is needed: the reply itself when the request finished in the call (a throw is a failure of Weft's own). */
  serve: (request: PipelineRequest) => Eventually<PipelineReply>;
  traces: TraceStore;
  services: PipelineServices;
}

export function createPipelineHandler(options: RuntimeOptions, info: BundleInfo, sandboxes: SandboxProvider, warnings: readonly string[] = [], services = createServices(options, info)): PipelineHandlerParts {
  const traces = new TraceStore(options.trace.retention);
  // The answer has gone by the time the trace is stored; a failure here can only be reported.
  // (A profiled request's profile settles before its trace.)
  const keepTrace = (request: PipelineRequest, result: PipelineResult): void => {
    const { profile } = result;
    const report = (error: unknown): void => reportInternalError(`storing the trace of ${request.method} ${request.url}`, error);
    result.trace.then((trace) => {
      if (trace === undefined) return;
      try {
        for (const warning of warnings) trace.warnings.push({ code: 'bundle', message: warning });
        if (profile === undefined) traces.put(trace);
        else profile.then((text) => traces.put(trace, text)).catch(report);
      } catch (error) {
        report(error);
      }
    }, report);
  };
  const serve = (request: PipelineRequest): Eventually<PipelineReply> => {
    if (request.url.startsWith(WEFT_PATH_PREFIX)) return answerTraceRoute(traces, request.method, request.url);
    return andThen(runRequest(services, sandboxes.forRequest(), request), (result) => {
      keepTrace(request, result);
      return { status: result.status, headers: result.headers, body: result.body };
    });
  };
  return { handle: (request) => promised(() => serve(request)), serve, traces, services };
}

/** The factory an Edge (in-process or EdgePool thread) imports; bodies cross the boundary as they are. */
export function createEdgeHandler(env: EdgeEnvironment): EdgeHandler {
  const options = parseRuntimeOptions(env.options);
  const { serve } = createPipelineHandler(options, env.info, env.sandboxes, env.warnings);
  return (request: EdgeRequest) => serve(request) as Eventually<EdgeResponse>;
}
