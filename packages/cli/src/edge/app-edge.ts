/**
 * An app running locally: its mock origins on loopback, its worker bundled by esbuild and loaded
 * through the runtime's loader, and the pipeline in front. `rebuild()` swaps in a new bundle (the
 * dev server calls it on save); a build error is kept as state so requests can show it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOutboundAgent, describeFailure, EDGEKV_HOST, type RuntimeOptionsInput } from '@weft/runtime';
import type { Dispatcher } from 'undici';
import { createWorkerBuilder, type WorkerBuilder } from '../bundle/bundle-worker.ts';
import { manifestOf } from '../bundle/pack.ts';
import { writeServedBundle } from '../bundle/served-artifact.ts';
import type { AppDirectory } from '../config/app-hosts.ts';
import type { LoadedConfig } from '../config/load.ts';
import { toRuntimeOptions } from '../config/resolve.ts';
import { edgeKvSettings, startLocalEdgeKv, type LocalEdgeKv } from '../edgekv/local.ts';
import type { EdgeKvStore } from '../edgekv/store/store.ts';
import { BuildError } from '../errors.ts';
import { mockUrls, startMocks, type RunningMock } from '../mocks/start.ts';
import { createBundleHandler, type BundleHandler } from './bundle-handler.ts';

/** Something a built bundle was loaded into: the in-process pipeline, or an edge thread pool. */
export interface Closable {
  close(): Promise<void>;
}

/** App settings a loader needs beyond the runtime options. */
export interface LoadSettings {
  dispatcher: Dispatcher;
  /** Decision 29: one sandbox instance per request. */
  instancePerRequest: boolean;
  /** The app's folder, where the relative paths of the bundle's source map start. */
  appDir: string;
}

/** Loads the served bundle folder with the app's runtime options. */
export type BundleLoader<T extends Closable> = (servedDir: string, runtimeOptions: RuntimeOptionsInput, settings: LoadSettings) => Promise<T>;

export type EdgeState<T> = { kind: 'ready'; loaded: T; builtAt: number; buildMs: number } | { kind: 'failed'; error: BuildError; builtAt: number };

/** The default loader: the runtime's pipeline in this thread (what the testing helpers use). */
export const inProcess: BundleLoader<BundleHandler> = (dir, options, settings) => createBundleHandler(dir, options, settings);

export interface AppEdgeOptions<T extends Closable> {
  load: BundleLoader<T>;
  /** Called with the loaded bundle a rebuild replaces, before it is closed (e.g. to keep its traces). */
  retire?: (old: T) => Promise<void>;
  /** Runtime options laid over the config's (a test's variables, a CLI flag). */
  overrides?: Partial<RuntimeOptionsInput>;
  /** Mock origins the caller runs (not started or stopped here); `mock:<name>` may name them. */
  externalMocks?: readonly RunningMock[];
  /**
   * Local EdgeKV: `always` runs it even for an app without an `edgekv` section or folder (tests);
   * `store` replaces the app's disk store (a test's memory store). Default: on when the app uses it.
   */
  edgekv?: { always?: boolean; store?: EdgeKvStore } | false;
  /** The apps `weft dev` serves, for `app:<name>` hosts (subWorkers); without it such a host is a config error. */
  apps?: AppDirectory;
  /** Where a replaced bundle that fails to retire is reported (a Weft bug); default stderr. */
  report?: (line: string) => void;
}

/** Starts the app's EdgeKV service when it uses one, and maps the helper's host to it. */
async function appEdgeKv(app: LoadedConfig, option: AppEdgeOptions<Closable>['edgekv']): Promise<LocalEdgeKv | undefined> {
  if (option === false) return undefined;
  const settings = edgeKvSettings(app.dir, app.config.edgekv, option?.always === true);
  return settings === undefined ? undefined : startLocalEdgeKv(settings, option?.store === undefined ? {} : { store: option.store });
}

export class AppEdge<T extends Closable> {
  readonly app: LoadedConfig;
  readonly mocks: RunningMock[];
  readonly runtimeOptions: RuntimeOptionsInput;
  /** The app's local EdgeKV service, when it uses EdgeKV. */
  readonly edgekv: LocalEdgeKv | undefined;
  /** Folder holding the served main.js and bundle.json. */
  readonly servedDir: string;
  state: EdgeState<T> | undefined;
  /** Source files of the last successful build (what a change must trigger a rebuild for). */
  inputs: string[] = [];
  readonly #builder: WorkerBuilder;
  readonly #dispatcher = createOutboundAgent();
  readonly #options: AppEdgeOptions<T>;
  readonly #retiring: Array<Promise<void>> = [];

  private constructor(app: LoadedConfig, mocks: RunningMock[], edgekv: LocalEdgeKv | undefined, runtimeOptions: RuntimeOptionsInput, builder: WorkerBuilder, options: AppEdgeOptions<T>) {
    this.app = app;
    this.edgekv = edgekv;
    this.#options = options;
    this.mocks = mocks;
    this.runtimeOptions = runtimeOptions;
    this.#builder = builder;
    this.servedDir = mkdtempSync(path.join(tmpdir(), `weft-${app.name}-`));
  }

  static async start<T extends Closable>(app: LoadedConfig, options: AppEdgeOptions<T>): Promise<AppEdge<T>> {
    const external = options.externalMocks ?? [];
    const own = Object.fromEntries(Object.entries(app.config.mocks ?? {}).filter(([name]) => !external.some((mock) => mock.name === name)));
    const mocks = await startMocks(own, app.dir);
    let edgekv: LocalEdgeKv | undefined;
    try {
      edgekv = await appEdgeKv(app, options.edgekv);
      const urls = mockUrls([...mocks, ...external]);
      const runtimeOptions = { ...toRuntimeOptions(app.config, urls, app.file, options.apps), name: app.config.name ?? app.name, ...options.overrides };
      // The helper's default host reaches the local service; a mapping the author wrote wins.
      if (edgekv !== undefined) runtimeOptions.hosts = { [EDGEKV_HOST]: edgekv.url, ...runtimeOptions.hosts };
      const builder = await createWorkerBuilder(app.entry, { appDir: app.dir });
      const edge = new AppEdge(app, mocks, edgekv, runtimeOptions, builder, options);
      await edge.rebuild();
      return edge;
    } catch (error) {
      await Promise.all([...mocks, ...(edgekv === undefined ? [] : [edgekv])].map((running) => running.close()));
      throw error;
    }
  }

  /** Bundles, writes and loads the worker; on a build error the previous bundle is dropped. */
  async rebuild(): Promise<EdgeState<T>> {
    const started = performance.now();
    const previous = this.state?.kind === 'ready' ? this.state.loaded : undefined;
    try {
      const worker = await this.#builder.rebuild();
      this.inputs = worker.inputs;
      writeServedBundle(this.servedDir, worker, manifestOf(this.app));
      const loaded = await this.#options.load(this.servedDir, this.runtimeOptions, { dispatcher: this.#dispatcher, instancePerRequest: this.app.config.instancePerRequest ?? false, appDir: this.app.dir });
      this.state = { kind: 'ready', loaded, builtAt: Date.now(), buildMs: performance.now() - started };
    } catch (error) {
      const failure = error instanceof BuildError ? error : new BuildError(error instanceof Error ? error.message : String(error), { cause: error });
      this.state = { kind: 'failed', error: failure, builtAt: Date.now() };
    }
    // The old bundle may still be answering requests; it is closed when they are done, without
    // holding up the new one.
    if (previous !== undefined) this.#retiring.push(this.#retire(previous).catch((error: unknown) => this.#retireFailed('the bundle a rebuild replaced', error)));
    return this.state;
  }

  // Nobody awaits a retirement but close(): a failure here would otherwise lose the replaced
  // bundle's traces, or leave its edge thread running, without a word.
  #retireFailed(which: string, error: unknown): void {
    const line = `weft: ${this.app.name}: internal error while retiring ${which} (its traces may be missing from the viewer; a bug in Weft, please report it): ${describeFailure(error)}`;
    if (this.#options.report === undefined) process.stderr.write(`${line}\n`);
    else this.#options.report(line);
  }

  async #retire(old: T): Promise<void> {
    try {
      await this.#options.retire?.(old);
    } finally {
      // A failed hook is reported by the caller; the old bundle (an edge thread, say) closes anyway.
      await old.close();
    }
  }

  mockUrl(name: string): string | undefined {
    return this.mocks.find((mock) => mock.name === name)?.url;
  }

  async close(): Promise<void> {
    if (this.state?.kind === 'ready') await this.#retire(this.state.loaded).catch((error: unknown) => this.#retireFailed('the bundle on close', error));
    await Promise.all(this.#retiring);
    await this.#builder.dispose();
    await this.#dispatcher.close();
    await Promise.all(this.mocks.map((mock) => mock.close()));
    await this.edgekv?.close();
    rmSync(this.servedDir, { recursive: true, force: true });
  }
}
