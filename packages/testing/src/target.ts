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
  createBundleHandler,
  inProcess,
  loadAppConfig,
  loadConfigFile,
  parseConfig,
  startMocks,
  toRuntimeOptions,
  type BundleHandler,
  type LoadedConfig,
  type MockOriginConfig,
  type NodeHandler,
  type RunningMock,
  type WeftConfig,
  type WeftConfigInput,
} from '@weft/cli';
import { TestingError } from './errors.ts';
import { handlerMock } from './handler-mock.ts';

export type PathLike = string | URL;

export interface TargetOptions {
  config?: PathLike;
  entry?: PathLike;
  bundle?: PathLike;
  options?: Omit<WeftConfigInput, 'entry'>;
  mocks?: Record<string, MockOriginConfig | NodeHandler>;
}

export interface WorkerTarget {
  handler: BundleHandler;
  config: WeftConfig;
  mocks: RunningMock[];
  close(): Promise<void>;
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
  const edge = await AppEdge.start(app, { load: inProcess, externalMocks: external });
  const state = edge.state;
  if (state?.kind !== 'ready') {
    await edge.close();
    throw state?.error ?? new TestingError('the worker did not build');
  }
  return { handler: state.loaded, config: app.config, mocks: [...edge.mocks, ...external], close: () => edge.close() };
}

async function bundleTarget(bundle: string, options: TargetOptions, external: RunningMock[]): Promise<WorkerTarget> {
  if (!existsSync(bundle)) throw new TestingError(`startWorker: bundle ${bundle} does not exist; build one with \`weft build\``);
  const where = `startWorker options (bundle ${bundle})`;
  const config = parseConfig({ ...options.options, entry: bundle, mocks: { ...options.options?.mocks, ...configMocks(options) } }, where, { externalMocks: external.map((mock) => mock.name) });
  const own = await startMocks(config.mocks, process.cwd());
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const close = async (): Promise<void> => {
    await dispatcher.close();
    await Promise.all(own.map((mock) => mock.close()));
  };
  try {
    const urls = new Map([...own, ...external].map((mock) => [mock.name, mock.url]));
    const handler = await createBundleHandler(bundle, { ...toRuntimeOptions(config, urls, where), name: config.name }, { dispatcher, instancePerRequest: config.instancePerRequest });
    return { handler, config, mocks: [...own, ...external], close };
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
