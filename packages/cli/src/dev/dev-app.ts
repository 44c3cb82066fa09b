/**
 * One app under `weft dev`: its AppEdge (mocks, esbuild, the runtime's loader and pipeline) behind
 * an HTTP listener, rebuilt when a source file changes, restarted when its config or a mock module
 * changes. Traces outlive rebuilds (one store per app), and `/__weft/` serves the trace viewer:
 * the node:http front hands those requests to a Hono app (weft-routes.ts), the worker's stay on it.
 */
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createEdgeServer, describeFailure, TraceStore, WEFT_FAILURE_HEADER, type EdgeServer, type PipelineReply, type PipelineRequest, type RuntimeOptionsInput, type Trace } from '@weft/runtime';
import type { AppDirectory } from '../config/app-hosts.ts';
import { loadConfigFile } from '../config/load.ts';
import { AppEdge, type AppEdgeOptions } from '../edge/app-edge.ts';
import { edgeKvSettings } from '../edgekv/local.ts';
import { seedFilePaths } from '../edgekv/seed.ts';
import { applyScenario } from '../edge/scenario.ts';
import { UnknownScenarioError } from '../errors.ts';
import { describeListenError, isPortInUse } from '../listen-error.ts';
import { devLoader, onBodyEnd, type DevRunner } from './dev-runner.ts';
import { buildErrorReply, failedBuildStatus } from './error-page.ts';
import { changedSince, fingerprint, type Fingerprint } from './fingerprint.ts';
import { TraceEvents } from './trace-events.ts';
import { watchApp } from './watch.ts';
import { traceLines } from './trace-lines.ts';
import { ownsWeftRoute, weftRoutes } from './weft-routes.ts';
import { admitSubWorkerCall } from './subworker-gate.ts';

export interface DevLog {
  info(line: string): void;
  error(line: string): void;
}

export interface DevAppOptions {
  /** Edge threads per app (CPU watchdog); 0 runs the pipeline in-process. Default 1. */
  threads?: number;
  /** `--inspect`: the process's inspector is open; serve from debuggable edge threads only. */
  inspect?: boolean;
  /**
   * A port in use: retry binding it this often (ms) and say so once, instead of failing to start.
   * `onUp` hears when it is bound at last.
   */
  busyPort?: { retryMs: number; onUp: (app: DevApp) => void };
  /** The apps this `weft dev` serves, which `app:<name>` hosts may name (subWorkers, platform §20). */
  apps?: AppDirectory;
  /** Runtime options laid over the config's (a measurement's `cache: { enabled: false }`, say). */
  overrides?: Partial<RuntimeOptionsInput>;
}

/** The apps running in this process: a subWorker's trace lives in its own app, and a caller's viewer finds it there. */
const running = new Set<DevApp>();

/** How `weft dev` users pick other ports, for the message about a port in use. */
const PORT_FIX = 'pick other ports with `weft dev --port N` (the first app gets N, the others the next free ones) or set `port` in its weft.config.ts';

export class DevApp {
  readonly configFile: string;
  readonly log: DevLog;
  /** Traces of bundles a rebuild replaced; the current bundle's live in its pipeline. */
  readonly archive: TraceStore;
  readonly events = new TraceEvents();
  edge: AppEdge<DevRunner>;
  server: EdgeServer | undefined;
  /** The last rebuild's duration (ms), for the terminal and for measurements. */
  lastBuildMs = 0;
  #pending: Promise<void> | undefined;
  #stamps: Fingerprint = new Map();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #unseen = new Set<string>();
  #buildStartedAt = Date.now();
  readonly #seen = new Set<string>();
  readonly #threads: number;
  readonly #inspect: boolean;
  readonly #apps: AppDirectory | undefined;
  readonly #overrides: Partial<RuntimeOptionsInput> | undefined;
  #closed = false;
  /** A config that no longer loads: served as the error page until it is fixed. */
  #configError: { message: string; at: number } | undefined;
  #portRetry: NodeJS.Timeout | undefined;
  /** The port this app waits for while another process holds it. */
  waitingForPort: number | undefined;

  private constructor(configFile: string, edge: AppEdge<DevRunner>, log: DevLog, threads: number, inspect: boolean, archive: TraceStore, options: DevAppOptions) {
    this.#threads = threads;
    this.#apps = options.apps;
    this.#overrides = options.overrides;
    this.#inspect = inspect;
    this.archive = archive;
    this.configFile = configFile;
    this.edge = edge;
    this.log = log;
  }

  /** The app folder's watcher; undefined once watching failed (the terminal said why). */
  get watcher(): FSWatcher | undefined {
    return this.#watcher;
  }

  #watchFailed(message: string): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.log.error(`weft dev: ${this.name}: ${message}`);
  }

  get name(): string {
    return this.edge.app.name;
  }

  static async start(configFile: string, port: number, log: DevLog, options: DevAppOptions = {}): Promise<DevApp> {
    const threads = options.threads ?? 1;
    const inspect = options.inspect ?? false;
    const archive = new TraceStore(500);
    const edge = await AppEdge.start(await loadConfigFile(configFile), DevApp.#edgeOptions(threads, inspect, archive, log, options));
    const app = new DevApp(configFile, edge, log, threads, inspect, archive, options);
    running.add(app);
    app.#afterBuild();
    try {
      await app.#listen(port);
    } catch (error) {
      if (!isPortInUse(error) || options.busyPort === undefined) {
        running.delete(app);
        await edge.close();
        if (isPortInUse(error) || (error as { code?: unknown }).code === 'EACCES') throw new Error(describeListenError(error, port, '127.0.0.1', PORT_FIX), { cause: error });
        throw error;
      }
      app.#waitForPort(port, options.busyPort);
    }
    app.#watcher = watchApp(edge.app.dir, (file) => app.#onChange(file), (message) => app.#watchFailed(message));
    return app;
  }

  async #listen(port: number): Promise<void> {
    const onError = (error: unknown): void => this.log.error(`${this.name}: ${String(error)}`);
    // overrideGlobalObjects: false keeps Node's own Request and Response for everything else in this process.
    const listener = getRequestListener(weftRoutes(this, onError).fetch, { overrideGlobalObjects: false });
    this.server = await createEdgeServer({ port, handler: (request) => this.#handle(request), onError, ownRoutes: { owns: ownsWeftRoute, listener } });
  }

  /** Says once that the port is taken and what to do, then binds it as soon as it is free. */
  #waitForPort(port: number, busy: NonNullable<DevAppOptions['busyPort']>): void {
    this.waitingForPort = port;
    const seconds = busy.retryMs >= 1000 ? `${busy.retryMs / 1000} s` : `${busy.retryMs} ms`;
    this.log.error(`${this.name}: ${describeListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), port, '127.0.0.1', PORT_FIX)}. Retrying every ${seconds} until it is free.`);
    const retry = (): void => {
      this.#portRetry = setTimeout(() => {
        this.#listen(port).then(
          () => {
            this.waitingForPort = undefined;
            if (!this.#closed) busy.onUp(this);
            else void this.server?.close();
          },
          (error: unknown) => {
            if (this.#closed) return;
            if (isPortInUse(error)) retry();
            else this.log.error(`${this.name}: ${describeListenError(error, port, '127.0.0.1', PORT_FIX)}; no longer retrying`);
          },
        );
      }, busy.retryMs);
    };
    retry();
  }

  static #edgeOptions(threads: number, inspect: boolean, archive: TraceStore, log: DevLog, { apps, overrides }: Pick<DevAppOptions, 'apps' | 'overrides'>): AppEdgeOptions<DevRunner> {
    return {
      ...(apps === undefined ? {} : { apps }),
      ...(overrides === undefined ? {} : { overrides }),
      load: devLoader(threads, (line) => log.error(line), inspect),
      report: (line) => log.error(line),
      // Keep the replaced bundle's traces (and CPU profiles), so the viewer's history survives a rebuild.
      retire: async (old) => {
        for (const trace of (await old.traces(500)).reverse()) archive.put(trace, trace.profile?.bytes === undefined ? undefined : await old.profile(trace.id));
      },
    };
  }

  /** Files whose change means restarting the app (config, mock modules, EdgeKV seed files), not just rebuilding. */
  #restartFiles(): string[] {
    const modules = Object.values(this.edge.app.config.mocks ?? {}).flatMap((mock) => (mock.module === undefined ? [] : [path.resolve(this.edge.app.dir, mock.module)]));
    const edgekv = edgeKvSettings(this.edge.app.dir, this.edge.app.config.edgekv);
    return [this.configFile, ...modules, ...(edgekv === undefined ? [] : seedFilePaths(edgekv.dataDir))];
  }

  #afterBuild(): void {
    const state = this.edge.state;
    this.#stamps = fingerprint([...this.edge.inputs, ...this.#restartFiles()]);
    if (state?.kind === 'failed') this.log.error(`${this.name}: build failed (serving an error page until it is fixed):\n${state.error.message}`);
  }

  #onChange(file: string): void {
    // A source file the last build did not see (new, or the one that broke the build) also counts:
    // the fingerprint only knows the last successful build's inputs.
    if (/\.(?:[cm]?[jt]sx?|json)$/.test(file) && !this.#stamps.has(file)) this.#unseen.add(file);
    clearTimeout(this.#timer);
    // Editors often write a file in several steps; a short pause coalesces them into one build.
    this.#timer = setTimeout(() => void this.refresh(), 15);
  }

  /** Whether a file the last build did not know about was written after that build started. */
  #unseenChanged(): boolean {
    const changed = [...this.#unseen].some((file) => (fingerprint([file]).get(file) ?? -1) > this.#buildStartedAt);
    this.#unseen.clear();
    return changed;
  }

  /** Rebuilds (or restarts) if anything changed since the last build; concurrent callers share one run. */
  refresh(force = false): Promise<void> {
    this.#pending ??= this.#refresh(force).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #refresh(force: boolean): Promise<void> {
    const unseen = this.#unseenChanged();
    if (!force && !unseen && !changedSince(this.#stamps)) return;
    const started = performance.now();
    this.#buildStartedAt = Date.now();
    const restart = this.#restartFiles().some((file) => this.#stamps.get(file) !== fingerprint([file]).get(file));
    if (restart) {
      try {
        const next = await AppEdge.start(await loadConfigFile(this.configFile), DevApp.#edgeOptions(this.#threads, this.#inspect, this.archive, this.log, { apps: this.#apps, overrides: this.#overrides }));
        await this.edge.close();
        this.edge = next;
      } catch (error) {
        this.#stamps = fingerprint([...this.edge.inputs, ...this.#restartFiles()]);
        const message = error instanceof Error ? error.message : String(error);
        this.#configError = { message, at: Date.now() };
        this.log.error(`${this.name}: ${path.basename(this.configFile)} does not load (requests get an error page until it is fixed; save a fix to restart):\n${message}`);
        return;
      }
      if (this.#configError !== undefined) this.log.info(`${this.name}: ${path.basename(this.configFile)} loads again`);
      this.#configError = undefined;
    } else {
      await this.edge.rebuild();
    }
    this.lastBuildMs = performance.now() - started;
    this.#afterBuild();
    if (this.edge.state?.kind === 'ready') this.log.info(`${this.name}: ${restart ? 'restarted' : 'rebuilt'} in ${this.lastBuildMs.toFixed(0)} ms`);
  }

  buildStatus(): Record<string, unknown> {
    const state = this.edge.state;
    const config = this.#configError;
    if (config !== undefined) return failedBuildStatus(this.name, config.at, config.message, this.#watcher !== undefined);
    return { app: this.name, state: state?.kind, builtAt: state?.builtAt, isolation: state?.kind === 'ready' ? state.loaded.isolation : undefined, error: state?.kind === 'failed' ? state.error.message : undefined, watching: this.#watcher !== undefined };
  }

  /** This app's trace `id`, else another running app's (a subWorker call's trace lives in the app that answered it). */
  async trace(id: string): Promise<Trace | undefined> {
    const own = await this.#ownTrace(id);
    if (own !== undefined) return own;
    for (const other of running) {
      if (other === this) continue;
      const found = await other.#ownTrace(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  async #ownTrace(id: string): Promise<Trace | undefined> {
    return (await this.#current()?.trace(id)) ?? this.archive.get(id);
  }

  /** Its bundle's opt-in to subWorker calls (platform §20, §23.2). */
  #acceptsSubWorkers(): boolean {
    return this.edge.app.config.bundle?.config?.subrequest?.['invoke-for-edgeworker-clients'] === true;
  }

  async profile(id: string): Promise<string | undefined> {
    return (await this.#current()?.profile(id)) ?? this.archive.profile(id);
  }

  async #handle(request: PipelineRequest): Promise<PipelineReply> {
    await this.refresh();
    const state = this.edge.state;
    if (this.#configError !== undefined || state === undefined || state.kind === 'failed') {
      const accept = request.headers.find(([name]) => name.toLowerCase() === 'accept')?.[1];
      const { message, at } = this.#configError ?? { message: state?.kind === 'failed' ? state.error.message : 'not built yet', at: state?.builtAt ?? 0 };
      return buildErrorReply(this.name, message, at, accept);
    }
    let headers;
    try {
      headers = admitSubWorkerCall(applyScenario(request.headers, this.edge.app.config.scenarios), this.#acceptsSubWorkers());
    } catch (error) {
      if (error instanceof UnknownScenarioError) return { status: 400, headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']], body: `weft dev: ${error.message}\n` };
      throw error;
    }
    const reply = await state.loaded.handle({ ...request, headers });
    const failure = reply.headers.find(([name]) => name.toLowerCase() === WEFT_FAILURE_HEADER)?.[1];
    if (failure !== undefined) this.log.error(`${this.name}: ${request.method} ${request.url}: ${failure}: the edge thread running it was recycled (spec §21.1 limits, tier ${String(this.edge.runtimeOptions.tier ?? 200)})`);
    // A profiled request's trace is stored once its profile is read, some ms after its last byte.
    const profiled = headers.some(([name]) => name.toLowerCase() === 'x-weft-profile');
    return onBodyEnd(reply, () => void this.#discover(state.loaded, profiled ? 15 : 3));
  }

  #current(): DevRunner | undefined {
    return this.edge.state?.kind === 'ready' ? this.edge.state.loaded : undefined;
  }

  /** Most recent first: the current bundle's traces, then those of bundles a rebuild replaced. */
  async recentTraces(limit: number): Promise<Trace[]> {
    const current = (await this.#current()?.traces(limit)) ?? [];
    const ids = new Set(current.map((trace) => trace.id));
    const merged = [...current, ...this.archive.recent(limit).filter((trace) => !ids.has(trace.id))];
    return merged.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).slice(0, limit);
  }

  /** Announces traces finished since the last look; the pipeline stores a trace just after its body ends. */
  async #discover(runner: DevRunner, attempts: number): Promise<void> {
    let found = false;
    try {
      for (const trace of (await runner.traces(20)).reverse()) {
        if (this.#seen.has(trace.id) || !trace.complete) continue;
        this.#seen.add(trace.id);
        if (this.#seen.size > 5000) this.#seen.delete(this.#seen.values().next().value ?? '');
        found = true;
        this.#record(trace);
      }
    } catch (error) {
      // Expected only when a rebuild or close retired this runner meanwhile; otherwise the traces
      // the terminal and the viewer announce would go missing without a word.
      if (this.#closed || runner !== this.#current()) return;
      this.log.error(`weft dev: ${this.name}: internal error while reading the traces of the last requests (a bug in Weft, please report it): ${describeFailure(error)}`);
      return;
    }
    if (!found && attempts > 1) setTimeout(() => void this.#discover(runner, attempts - 1), 20);
  }

  #record(trace: Trace): void {
    this.events.publish(trace.id);
    for (const line of traceLines(this.name, trace)) this.log[line.stream](line.text);
  }

  async close(): Promise<void> {
    this.#closed = true;
    running.delete(this);
    clearTimeout(this.#timer);
    clearTimeout(this.#portRetry);
    this.#watcher?.close();
    this.events.close();
    await this.server?.close();
    await this.edge.close();
  }
}
