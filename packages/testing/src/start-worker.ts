/**
 * `startWorker`: run a worker in-process for a test. The worker is bundled with esbuild and loaded
 * through the runtime's loader (what ships is what runs), its mock origins listen on loopback, and
 * each `send` goes through the whole pipeline and comes back with its trace.
 *
 * @example
 * ```ts
 * const worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
 * afterAll(() => worker.close());
 * it('greets', async () => {
 *   const { status, text, trace } = await worker.send('/hello', { location: { country: 'FR' } });
 *   expect(status).toBe(200);
 *   expect(trace.stages.map((stage) => stage.stage)).toContain('onClientRequest');
 * });
 * ```
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppEdge, applyScenario, loadAppConfig, loadConfigFile, parseConfig, type LoadedConfig, type MockOriginConfig, type NodeHandler, type WeftConfigInput } from '@weft/cli';
import { createEdgeServer, type EdgeServer, type Trace } from '@weft/runtime';
import { contextHeaders, type SimulatedContext } from './context.ts';
import { TestingError } from './errors.ts';
import { handlerMock } from './handler-mock.ts';
import { toResponse } from './response.ts';

type PathLike = string | URL;

export interface StartWorkerOptions {
  /** A `weft.config.ts` (or the folder holding one): entry, origins, mocks, variables... */
  config?: PathLike;
  /** The worker's entry module when there is no config (TypeScript or JavaScript). */
  entry?: PathLike;
  /** Config keys laid over the config file's (or the whole config with `entry`). */
  options?: Omit<WeftConfigInput, 'entry'>;
  /** Extra mock origins, by name: a config (`routes` or `module`) or a node:http handler function. */
  mocks?: Record<string, MockOriginConfig | NodeHandler>;
}

export interface SendInit extends SimulatedContext {
  method?: string;
  headers?: Record<string, string> | Array<[string, string]>;
  body?: string | Uint8Array;
  /** Host header; default `localhost`. */
  host?: string;
  /**
   * Ask for the platform's enhanced debug headers (spec §22): every handler's info header, the
   * sub-request header, and `log` output (which the platform only emits under enhanced debugging).
   */
  debug?: boolean;
}

const DEBUG_PRAGMA = 'akamai-x-ew-debug, akamai-x-ew-debug-rp, akamai-x-ew-debug-subs';

export interface Sent {
  status: number;
  headers: Headers;
  /** The whole body, read as text. */
  text: string;
  json<T = unknown>(): T;
  /** A Response over the buffered body. */
  response: Response;
  /** The request's trace: stages, sub-requests, cache decision, logs, errors. */
  trace: Trace;
}

export interface RunningWorker {
  /** Sends a request through the pipeline; resolves once the body is read and the trace complete. */
  send(pathAndQuery: string, init?: SendInit): Promise<Sent>;
  /** Base URL of a mock origin by name. */
  mock(name: string): string;
  /** The traces recorded so far, most recent first. */
  traces(): Trace[];
  /** Also serve the worker over HTTP on loopback (for a browser or an HTTP client); returns its URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const toPath = (value: PathLike): string => (value instanceof URL ? fileURLToPath(value) : path.resolve(value));

async function resolveApp(options: StartWorkerOptions, external: readonly string[]): Promise<LoadedConfig> {
  const extraMocks = Object.fromEntries(Object.entries(options.mocks ?? {}).filter(([, mock]) => typeof mock !== 'function')) as Record<string, MockOriginConfig>;
  if (options.config !== undefined) {
    const target = toPath(options.config);
    const loaded = existsSync(target) && statSync(target).isDirectory() ? await loadAppConfig(target) : await loadConfigFile(target);
    const merged = { ...loaded.config, ...options.options, mocks: { ...loaded.config.mocks, ...options.options?.mocks, ...extraMocks } };
    return { ...loaded, config: parseConfig(merged, loaded.file, { externalMocks: external }) };
  }
  if (options.entry === undefined) throw new TestingError('startWorker needs `config` (a weft.config.ts) or `entry` (the worker module)');
  const entry = toPath(options.entry);
  if (!existsSync(entry)) throw new TestingError(`startWorker: entry ${entry} does not exist`);
  const dir = path.dirname(entry);
  const config = parseConfig({ ...options.options, entry, mocks: { ...options.options?.mocks, ...extraMocks } }, `startWorker options (entry ${entry})`, { externalMocks: external });
  return { file: entry, dir, name: config.name ?? path.basename(entry).replace(/\.[cm]?[jt]s$/, ''), config, entry };
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const handlerMocks = Object.entries(options.mocks ?? {}).filter((entry): entry is [string, NodeHandler] => typeof entry[1] === 'function');
  const started = await Promise.all(handlerMocks.map(([name, handler]) => handlerMock(name, handler)));
  let app: LoadedConfig;
  let edge: AppEdge;
  try {
    app = await resolveApp(options, started.map((mock) => mock.name));
    edge = await AppEdge.start(app, { externalMocks: started });
  } catch (error) {
    await Promise.all(started.map((mock) => mock.close()));
    throw error;
  }
  const state = edge.state;
  if (state?.kind === 'failed') {
    await edge.close();
    await Promise.all(started.map((mock) => mock.close()));
    throw state.error;
  }
  const handler = state?.kind === 'ready' ? state.handler : undefined;
  if (handler === undefined) throw new TestingError('the worker did not build');
  let server: EdgeServer | undefined;
  let nextId = 1;
  return {
    async send(pathAndQuery, init = {}) {
      if (!pathAndQuery.startsWith('/')) throw new TestingError(`send("${pathAndQuery}"): give a path starting with "/", e.g. "/api?x=1"`);
      const given = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
      const debug: Array<[string, string]> = init.debug === true ? [['pragma', DEBUG_PRAGMA], ['akamai-ew-trace', app.config.debugToken ?? 'weft-testing']] : [];
      const headers = applyScenario([['host', init.host ?? 'localhost'], ...given, ...debug, ...contextHeaders(init)], app.config.scenarios);
      const body = init.body === undefined ? null : typeof init.body === 'string' ? init.body : init.body;
      const result = await handler.run({ id: nextId++, method: init.method ?? 'GET', url: pathAndQuery, headers, scheme: app.config.scheme ?? 'http', remoteAddress: '127.0.0.1', body });
      const response = await toResponse(result.status, result.headers, result.body);
      const text = await response.clone().text();
      const trace = await result.trace;
      if (trace === undefined) throw new TestingError(`no trace was recorded for ${init.method ?? 'GET'} ${pathAndQuery}`);
      return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T, response, trace };
    },
    mock(name) {
      const url = edge.mockUrl(name) ?? started.find((mock) => mock.name === name)?.url;
      if (url === undefined) throw new TestingError(`no mock origin named "${name}"; mocks: ${[...edge.mocks, ...started].map((mock) => mock.name).join(', ') || '(none)'}`);
      return url;
    },
    traces: () => handler.traces.recent(1000),
    async listen() {
      server ??= await createEdgeServer({ handler: handler.handle, scheme: app.config.scheme });
      return server.url;
    },
    async close() {
      await server?.close();
      await edge.close();
      await Promise.all(started.map((mock) => mock.close()));
    },
  };
}
