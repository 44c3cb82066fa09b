/**
 * What `startWorker` runs: an app (a config, or an entry module) bundled by esbuild through the
 * CLI's AppEdge, or a bundle already built (`.tgz`, folder, main.js) loaded as is. Either way the
 * worker goes through the runtime's loader and pipeline, with its mock origins on loopback.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import {
  AppEdge,
  applySeedData,
  createBundleHandler,
  edgeKvSettings,
  MemoryEdgeKvStore,
  startLocalEdgeKv,
  inProcess,
  loadAppConfig,
  loadConfigFile,
  parseConfig,
  startMocks,
  toRuntimeOptions,
  type BundleHandler,
  type LoadedConfig,
  type LocalEdgeKv,
  type MockOriginConfig,
  type NodeHandler,
  type RunningMock,
  type WeftConfig,
  type WeftConfigInput,
} from '@weft/cli';
import { EDGEKV_HOST } from '@weft/runtime';
import type { EdgeKvTestOptions } from './edgekv.ts';
import { TestingError } from './errors.ts';
import { handlerMock } from './handler-mock.ts';

export type PathLike = string | URL;

export interface TargetOptions {
  config?: PathLike;
  entry?: PathLike;
  bundle?: PathLike;
  options?: Omit<WeftConfigInput, 'entry'>;
  mocks?: Record<string, MockOriginConfig | NodeHandler>;
  edgekv?: EdgeKvTestOptions | false;
}

export interface WorkerTarget {
  handler: BundleHandler;
  config: WeftConfig;
  mocks: RunningMock[];
  edgekv: LocalEdgeKv | undefined;
  close(): Promise<void>;
}

/** A test's EdgeKV: always on (unless `false`), in memory unless it asks to persist. */
function edgeKvOption(options: TargetOptions): { always: true; store?: MemoryEdgeKvStore } | false {
  if (options.edgekv === false) return false;
  return options.edgekv?.persist === true ? { always: true } : { always: true, store: new MemoryEdgeKvStore() };
}

async function seedEdgeKv(local: LocalEdgeKv | undefined, options: TargetOptions): Promise<void> {
  if (local !== undefined && options.edgekv !== false && options.edgekv?.seed !== undefined) await applySeedData(local.store, options.edgekv.seed);
}

const toPath = (value: PathLike): string => (value instanceof URL ? fileURLToPath(value) : path.resolve(value));

function configMocks(options: TargetOptions): Record<string, MockOriginConfig> {
  return Object.fromEntries(Object.entries(options.mocks ?? {}).filter(([, mock]) => typeof mock !== 'function')) as Record<string, MockOriginConfig>;
}

async function resolveApp(options: TargetOptions, external: readonly string[]): Promise<LoadedConfig> {
  if (options.config !== undefined) {
    const target = toPath(options.config);
    const loaded = existsSync(target) && statSync(target).isDirectory() ? await loadAppConfig(target) : await loadConfigFile(target);
    const merged = { ...loaded.config, ...options.options, mocks: { ...loaded.config.mocks, ...options.options?.mocks, ...configMocks(options) } };
    return { ...loaded, config: parseConfig(merged, loaded.file, { externalMocks: external }) };
  }
  if (options.entry === undefined) throw new TestingError('startWorker needs `config` (a weft.config.ts), `entry` (the worker module) or `bundle` (a built .tgz or folder)');
  const entry = toPath(options.entry);
  if (!existsSync(entry)) throw new TestingError(`startWorker: entry ${entry} does not exist`);
  const config = parseConfig({ ...options.options, entry, mocks: { ...options.options?.mocks, ...configMocks(options) } }, `startWorker options (entry ${entry})`, { externalMocks: external });
  return { file: entry, dir: path.dirname(entry), name: config.name ?? path.basename(entry).replace(/\.[cm]?[jt]s$/, ''), config, entry };
}

async function appTarget(options: TargetOptions, external: RunningMock[]): Promise<WorkerTarget> {
  const app = await resolveApp(options, external.map((mock) => mock.name));
  const edge = await AppEdge.start(app, { load: inProcess, externalMocks: external, edgekv: edgeKvOption(options) });
  const state = edge.state;
  if (state?.kind !== 'ready') {
    await edge.close();
    throw state?.error ?? new TestingError('the worker did not build');
  }
  try {
    await seedEdgeKv(edge.edgekv, options);
  } catch (error) {
    await edge.close();
    throw error;
  }
  return { handler: state.loaded, config: app.config, mocks: [...edge.mocks, ...external], edgekv: edge.edgekv, close: () => edge.close() };
}

async function bundleTarget(bundle: string, options: TargetOptions, external: RunningMock[]): Promise<WorkerTarget> {
  if (!existsSync(bundle)) throw new TestingError(`startWorker: bundle ${bundle} does not exist; build one with \`weft build\``);
  const where = `startWorker options (bundle ${bundle})`;
  const config = parseConfig({ ...options.options, entry: bundle, mocks: { ...options.options?.mocks, ...configMocks(options) } }, where, { externalMocks: external.map((mock) => mock.name) });
  const own = await startMocks(config.mocks, process.cwd());
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  let edgekv: LocalEdgeKv | undefined;
  const close = async (): Promise<void> => {
    await dispatcher.close();
    await Promise.all(own.map((mock) => mock.close()));
    await edgekv?.close();
  };
  try {
    const urls = new Map([...own, ...external].map((mock) => [mock.name, mock.url]));
    const runtimeOptions = { ...toRuntimeOptions(config, urls, where), name: config.name };
    const edgekvOption = edgeKvOption(options);
    if (edgekvOption !== false) {
      const settings = edgeKvSettings(path.dirname(bundle), config.edgekv, true);
      edgekv = settings === undefined ? undefined : await startLocalEdgeKv(settings, edgekvOption.store === undefined ? {} : { store: edgekvOption.store });
      if (edgekv !== undefined) runtimeOptions.hosts = { [EDGEKV_HOST]: edgekv.url, ...runtimeOptions.hosts };
      await seedEdgeKv(edgekv, options);
    }
    const handler = await createBundleHandler(bundle, runtimeOptions, { dispatcher, instancePerRequest: config.instancePerRequest });
    return { handler, config, mocks: [...own, ...external], edgekv, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function openTarget(options: TargetOptions): Promise<WorkerTarget> {
  const handlers = Object.entries(options.mocks ?? {}).filter((entry): entry is [string, NodeHandler] => typeof entry[1] === 'function');
  const external = await Promise.all(handlers.map(([name, handler]) => handlerMock(name, handler)));
  const closeExternal = async (): Promise<void> => void (await Promise.all(external.map((mock) => mock.close())));
  try {
    const target = options.bundle !== undefined ? await bundleTarget(toPath(options.bundle), options, external) : await appTarget(options, external);
    return {
      ...target,
      close: async () => {
        await target.close();
        await closeExternal();
      },
    };
  } catch (error) {
    await closeExternal();
    throw error;
  }
}
