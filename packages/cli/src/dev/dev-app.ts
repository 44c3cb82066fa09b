/**
 * One app under `weft dev`: its AppEdge (mocks, esbuild, the runtime's loader and pipeline) behind
 * an HTTP listener, rebuilt when a source file changes, restarted when its config or a mock module
 * changes. Traces outlive rebuilds (one store per app), and `/__weft/` serves the trace viewer.
 */
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import { answerTraceRoute, createEdgeServer, TraceStore, type EdgeServer, type PipelineReply, type PipelineRequest, type Trace } from '@weft/runtime';
import { loadConfigFile } from '../config/load.ts';
import { AppEdge } from '../edge/app-edge.ts';
import { applyScenario } from '../edge/scenario.ts';
import { UnknownScenarioError } from '../errors.ts';
import { viewerHtml } from '../viewer/page.ts';
import { buildErrorReply } from './error-page.ts';
import { changedSince, fingerprint, type Fingerprint } from './fingerprint.ts';
import { TraceEvents } from './trace-events.ts';
import { watchApp } from './watch.ts';

export interface DevLog {
  info(line: string): void;
  error(line: string): void;
}

const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): PipelineReply => ({ status, headers: [['Content-Type', type], ['Cache-Control', 'no-store']], body });

export class DevApp {
  readonly configFile: string;
  readonly log: DevLog;
  readonly traces = new TraceStore(500);
  readonly events = new TraceEvents();
  edge: AppEdge;
  server: EdgeServer | undefined;
  /** The last rebuild's duration (ms), for the terminal and for measurements. */
  lastBuildMs = 0;
  #pending: Promise<void> | undefined;
  #stamps: Fingerprint = new Map();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #force = false;

  private constructor(configFile: string, edge: AppEdge, log: DevLog) {
    this.configFile = configFile;
    this.edge = edge;
    this.log = log;
  }

  get name(): string {
    return this.edge.app.name;
  }

  static async start(configFile: string, port: number, log: DevLog): Promise<DevApp> {
    const edge = await AppEdge.start(await loadConfigFile(configFile));
    const app = new DevApp(configFile, edge, log);
    app.#afterBuild();
    try {
      app.server = await createEdgeServer({ port, handler: (request) => app.#handle(request), onError: (error) => log.error(`${app.name}: ${String(error)}`) });
    } catch (error) {
      await edge.close();
      throw error;
    }
    app.#watcher = watchApp(edge.app.dir, (file) => app.#onChange(file));
    return app;
  }

  /** Files whose change means restarting the app (config, mock modules), not just rebuilding. */
  #restartFiles(): string[] {
    const modules = Object.values(this.edge.app.config.mocks ?? {}).flatMap((mock) => (mock.module === undefined ? [] : [path.resolve(this.edge.app.dir, mock.module)]));
    return [this.configFile, ...modules];
  }

  #afterBuild(): void {
    const state = this.edge.state;
    this.#stamps = fingerprint([...this.edge.inputs, ...this.#restartFiles()]);
    if (state?.kind === 'failed') this.log.error(`${this.name}: build failed (serving an error page until it is fixed):\n${state.error.message}`);
  }

  #onChange(file: string): void {
    // A source file the last build did not see (new, or the one that broke the build) forces a
    // build: the fingerprint only knows the last successful build's inputs.
    const unknownSource = /\.(?:[cm]?[jt]sx?|json)$/.test(file) && !this.#stamps.has(file);
    this.#force ||= unknownSource || this.edge.state?.kind === 'failed';
    clearTimeout(this.#timer);
    // Editors often write a file in several steps; a short pause coalesces them into one build.
    this.#timer = setTimeout(() => {
      const force = this.#force;
      this.#force = false;
      void this.refresh(force);
    }, 15);
  }

  /** Rebuilds (or restarts) if anything changed since the last build; concurrent callers share one run. */
  refresh(force = false): Promise<void> {
    this.#pending ??= this.#refresh(force).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #refresh(force: boolean): Promise<void> {
    if (!force && !changedSince(this.#stamps)) return;
    const started = performance.now();
    const restart = this.#restartFiles().some((file) => this.#stamps.get(file) !== fingerprint([file]).get(file));
    if (restart) {
      try {
        const next = await AppEdge.start(await loadConfigFile(this.configFile));
        await this.edge.close();
        this.edge = next;
      } catch (error) {
        this.#stamps = fingerprint([...this.edge.inputs, ...this.#restartFiles()]);
        this.log.error(`${this.name}: config reload failed; still serving the previous one:\n${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    } else {
      await this.edge.rebuild();
    }
    this.lastBuildMs = performance.now() - started;
    this.#afterBuild();
    if (this.edge.state?.kind === 'ready') this.log.info(`${this.name}: ${restart ? 'restarted' : 'rebuilt'} in ${this.lastBuildMs.toFixed(0)} ms`);
  }

  async #handle(request: PipelineRequest): Promise<PipelineReply> {
    const [pathname = ''] = request.url.split('?', 1);
    if (pathname === '/__weft' || pathname === '/__weft/') return text(200, viewerHtml(), 'text/html; charset=utf-8');
    if (pathname === '/__weft/build') {
      const state = this.edge.state;
      return text(200, JSON.stringify({ app: this.name, state: state?.kind, builtAt: state?.builtAt, error: state?.kind === 'failed' ? state.error.message : undefined }), 'application/json');
    }
    if (pathname === '/__weft/events') {
      return { status: 200, headers: [['Content-Type', 'text/event-stream'], ['Cache-Control', 'no-store'], ['X-Accel-Buffering', 'no']], body: this.events.subscribe() };
    }
    if (pathname.startsWith('/__weft/trace')) return answerTraceRoute(this.traces, request.method, request.url);
    await this.refresh();
    const state = this.edge.state;
    if (state === undefined || state.kind === 'failed') {
      const accept = request.headers.find(([name]) => name.toLowerCase() === 'accept')?.[1];
      return buildErrorReply(this.name, state?.error.message ?? 'not built yet', state?.builtAt ?? 0, accept);
    }
    let headers;
    try {
      headers = applyScenario(request.headers, this.edge.app.config.scenarios);
    } catch (error) {
      if (error instanceof UnknownScenarioError) return text(400, `weft dev: ${error.message}\n`);
      throw error;
    }
    const result = await state.handler.run({ ...request, headers });
    void result.trace.then((trace) => {
      if (trace !== undefined) this.#record(trace);
    });
    return { status: result.status, headers: result.headers, body: result.body };
  }

  #record(trace: Trace): void {
    this.traces.put(trace);
    this.events.publish(trace.id);
    const status = trace.response?.status ?? '-';
    this.log.info(`${this.name}: ${trace.request.method} ${trace.request.url} → ${status} ${trace.response?.source ?? ''} ${trace.durationMs.toFixed(1)} ms`);
    for (const stage of trace.stages) {
      if (stage.error === undefined) continue;
      const at = stage.error.frames[0];
      this.log.error(`${this.name}: ${trace.request.method} ${trace.request.url}: ${stage.stage} ${stage.status}: ${stage.error.name}: ${stage.error.message}${at === undefined ? '' : ` (${at.file}:${at.line}:${at.column})`}`);
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.events.close();
    await this.server?.close();
    await this.edge.close();
  }
}
