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
import { handleRequest, type PipelineRequest, type HeaderPairs } from './handle-request.ts';
import { createServices } from './services.ts';

export interface PipelineReply {
  status: number;
  headers: HeaderPairs;
  body: Body;
}

export type PipelineHandler = (request: PipelineRequest) => Promise<PipelineReply>;

export interface PipelineHandlerParts {
  handle: PipelineHandler;
  traces: TraceStore;
  services: PipelineServices;
}

export function createPipelineHandler(options: RuntimeOptions, info: BundleInfo, sandboxes: SandboxProvider, warnings: readonly string[] = [], services = createServices(options, info)): PipelineHandlerParts {
  const traces = new TraceStore(options.trace.retention);
  const handle: PipelineHandler = async (request) => {
    if (request.url.startsWith(WEFT_PATH_PREFIX)) return answerTraceRoute(traces, request.method, request.url);
    const result = await handleRequest(services, sandboxes.forRequest(), request);
    // The answer has gone by the time the trace is stored; a failure here can only be reported.
    // (A profiled request's profile settles before its trace.)
    const { profile } = result;
    result.trace.then(async (trace) => {
      if (trace === undefined) return;
      for (const warning of warnings) trace.warnings.push({ code: 'bundle', message: warning });
      traces.put(trace, profile === undefined ? undefined : await profile);
    }).catch((error: unknown) => reportInternalError(`storing the trace of ${request.method} ${request.url}`, error));
    return { status: result.status, headers: result.headers, body: result.body };
  };
  return { handle, traces, services };
}

/** The factory an Edge (in-process or EdgePool thread) imports; bodies cross the boundary as they are. */
export function createEdgeHandler(env: EdgeEnvironment): EdgeHandler {
  const options = parseRuntimeOptions(env.options);
  const { handle } = createPipelineHandler(options, env.info, env.sandboxes, env.warnings);
  return (request: EdgeRequest) => handle(request) as Promise<EdgeResponse>;
}
