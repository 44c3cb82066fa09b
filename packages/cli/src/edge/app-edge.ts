/**
 * An app running locally: its mock origins on loopback, its worker bundled by esbuild and loaded
 * through the runtime's loader, and the pipeline in front. `rebuild()` swaps in a new bundle (the
 * dev server calls it on save); a build error is kept as state so requests can show it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RuntimeOptionsInput } from '@weft/runtime';
import { Agent } from 'undici';
import { createWorkerBuilder, type WorkerBuilder } from '../bundle/bundle-worker.ts';
import { manifestOf } from '../bundle/pack.ts';
import { writeServedBundle } from '../bundle/served-artifact.ts';
import type { LoadedConfig } from '../config/load.ts';
import { toRuntimeOptions } from '../config/resolve.ts';
import { BuildError } from '../errors.ts';
import { mockUrls, startMocks, type RunningMock } from '../mocks/start.ts';
import { createBundleHandler, type BundleHandler } from './bundle-handler.ts';

export type EdgeState = { kind: 'ready'; handler: BundleHandler; builtAt: number; buildMs: number } | { kind: 'failed'; error: BuildError; builtAt: number };

export interface AppEdgeOptions {
  /** Runtime options laid over the config's (a test's variables, a CLI flag). */
  overrides?: Partial<RuntimeOptionsInput>;
  /** Mock origins the caller runs (not started or stopped here); `mock:<name>` may name them. */
  externalMocks?: readonly RunningMock[];
}

export class AppEdge {
  readonly app: LoadedConfig;
  readonly mocks: RunningMock[];
  readonly runtimeOptions: RuntimeOptionsInput;
  /** Folder holding the served main.js and bundle.json. */
  readonly servedDir: string;
  state: EdgeState | undefined;
  /** Source files of the last successful build (what a change must trigger a rebuild for). */
  inputs: string[] = [];
  readonly #builder: WorkerBuilder;
  readonly #dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

  private constructor(app: LoadedConfig, mocks: RunningMock[], runtimeOptions: RuntimeOptionsInput, builder: WorkerBuilder) {
    this.app = app;
    this.mocks = mocks;
    this.runtimeOptions = runtimeOptions;
    this.#builder = builder;
    this.servedDir = mkdtempSync(path.join(tmpdir(), `weft-${app.name}-`));
  }

  static async start(app: LoadedConfig, options: AppEdgeOptions = {}): Promise<AppEdge> {
    const external = options.externalMocks ?? [];
    const own = Object.fromEntries(Object.entries(app.config.mocks ?? {}).filter(([name]) => !external.some((mock) => mock.name === name)));
    const mocks = await startMocks(own, app.dir);
    try {
      const urls = mockUrls([...mocks, ...external]);
      const runtimeOptions = { ...toRuntimeOptions(app.config, urls, app.file), name: app.config.name ?? app.name, ...options.overrides };
      const builder = await createWorkerBuilder(app.entry, { appDir: app.dir });
      const edge = new AppEdge(app, mocks, runtimeOptions, builder);
      await edge.rebuild();
      return edge;
    } catch (error) {
      await Promise.all(mocks.map((mock) => mock.close()));
      throw error;
    }
  }

  /** Bundles, writes and loads the worker; on a build error the previous bundle is dropped. */
  async rebuild(): Promise<EdgeState> {
    const started = performance.now();
    try {
      const worker = await this.#builder.rebuild();
      this.inputs = worker.inputs;
      writeServedBundle(this.servedDir, worker, manifestOf(this.app));
      const handler = await createBundleHandler(this.servedDir, this.runtimeOptions, { dispatcher: this.#dispatcher });
      this.state = { kind: 'ready', handler, builtAt: Date.now(), buildMs: performance.now() - started };
    } catch (error) {
      const failure = error instanceof BuildError ? error : new BuildError(error instanceof Error ? error.message : String(error), { cause: error });
      this.state = { kind: 'failed', error: failure, builtAt: Date.now() };
    }
    return this.state;
  }

  mockUrl(name: string): string | undefined {
    return this.mocks.find((mock) => mock.name === name)?.url;
  }

  async close(): Promise<void> {
    await this.#builder.dispose();
    await this.#dispatcher.close();
    await Promise.all(this.mocks.map((mock) => mock.close()));
    rmSync(this.servedDir, { recursive: true, force: true });
  }
}
