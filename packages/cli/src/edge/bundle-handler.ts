/**
 * One loaded bundle behind the runtime's pipeline: the same `loadBundle` → sandbox → pipeline path
 * `weft serve` takes, so what the dev server and the testing helpers run is what ships.
 */
import type { Dispatcher } from 'undici';
import {
  createPipelineHandler,
  createSandboxProvider,
  createServices,
  handleRequest,
  loadBundle,
  parseRuntimeOptions,
  settleHeaderChanges,
  type InvocationError,
  type PipelineHandler,
  type PipelineRequest,
  type PipelineResult,
  type RuntimeOptionsInput,
  type TraceStore,
} from '@weft/runtime';

export interface BundleHandler {
  /** Answers a request the way the server does, `/__weft/*` trace routes included. */
  handle: PipelineHandler;
  /** Runs one request through the pipeline and gives its trace as well (the testing helpers). */
  run(request: PipelineRequest): Promise<PipelineResult>;
  traces: TraceStore;
  /** Loader warnings (e.g. a broken bundle.json, decision 31). */
  warnings: readonly string[];
  /** Set when the bundle failed to load or its top-level code threw: every request reports it. */
  failure: { status: string; error: InvocationError } | undefined;
  /** Nothing to release in-process (the dispatcher belongs to the caller). */
  close(): Promise<void>;
}

export interface BundleHandlerOptions {
  instancePerRequest?: boolean;
  /** Sub-request and origin connections; shared across rebuilds so old pools do not linger. */
  dispatcher?: Dispatcher;
}

export async function createBundleHandler(bundlePath: string, input: RuntimeOptionsInput, options: BundleHandlerOptions = {}): Promise<BundleHandler> {
  const runtime = parseRuntimeOptions(input);
  const bundle = await loadBundle(bundlePath, { name: runtime.name, version: runtime.version });
  const sandboxes = createSandboxProvider(bundle, {
    tier: runtime.tier,
    limitsProfile: runtime.limitsProfile,
    ewId: runtime.ewId,
    clock: runtime.clock === undefined ? undefined : Date.parse(runtime.clock),
    seed: runtime.seed,
    instancePerRequest: options.instancePerRequest,
  });
  // A fresh cache per load: a rebuilt worker must not be answered from what the old one stored.
  const services = createServices(runtime, sandboxes.shared.info, { dispatcher: options.dispatcher });
  const parts = createPipelineHandler(runtime, sandboxes.shared.info, sandboxes, bundle.warnings, services);
  const run = async (request: PipelineRequest): Promise<PipelineResult> => {
    const result = await handleRequest(parts.services, sandboxes.forRequest(), request);
    const trace = Promise.all([result.trace, result.profile]).then(([finished, profile]) => {
      if (finished !== undefined) {
        for (const warning of bundle.warnings) finished.warnings.push({ code: 'bundle', message: warning });
        parts.traces.put(finished, profile);
      }
      // The caller reads the trace object itself: its header changes compared now.
      return finished === undefined ? undefined : settleHeaderChanges(finished);
    });
    return { ...result, trace };
  };
  return { handle: parts.handle, run, traces: parts.traces, warnings: bundle.warnings, failure: sandboxes.shared.failure, close: async () => undefined };
}
