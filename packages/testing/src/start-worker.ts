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
import { applyScenario, type MockOriginConfig, type NodeHandler, type WeftConfigInput } from '@weft/cli';
import { createEdgeServer, type EdgeServer, type Trace } from '@weft/runtime';
import { contextHeaders, type SimulatedContext } from './context.ts';
import { workerEdgeKv, type EdgeKvTestOptions, type WorkerEdgeKv } from './edgekv.ts';
import { TestingError } from './errors.ts';
import { toResponse } from './response.ts';
import { openTarget, type PathLike } from './target.ts';



export interface StartWorkerOptions {
  /** A `weft.config.ts` (or the folder holding one): entry, origins, mocks, variables... */
  config?: PathLike;
  /** The worker's entry module when there is no config (TypeScript or JavaScript). */
  entry?: PathLike;
  /** A bundle already built (`weft build`'s .tgz, a bundle folder, or a main.js), loaded as is. */
  bundle?: PathLike;
  /** Config keys laid over the config file's (or the whole config with `entry`). */
  options?: Omit<WeftConfigInput, 'entry'>;
  /** Extra mock origins, by name: a config (`routes` or `module`) or a node:http handler function. */
  mocks?: Record<string, MockOriginConfig | NodeHandler>;
  /**
   * Local EdgeKV for this worker: on by default, with a fresh in-memory store seeded from the app's
   * `edgekv/` files plus `seed`; `persist: true` uses the app's store on disk; `false` turns it off.
   */
  edgekv?: EdgeKvTestOptions | false;
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
  /** The worker's local EdgeKV: seed it, read what the worker wrote (throws when `edgekv: false`). */
  readonly edgekv: WorkerEdgeKv;
  /** Also serve the worker over HTTP on loopback (for a browser or an HTTP client); returns its URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const target = await openTarget(options);
  const { handler, config } = target;
  let server: EdgeServer | undefined;
  let nextId = 1;
  const edgekv = target.edgekv === undefined ? undefined : workerEdgeKv(target.edgekv);
  return {
    get edgekv(): WorkerEdgeKv {
      if (edgekv === undefined) throw new TestingError('this worker runs without EdgeKV (startWorker was given `edgekv: false`)');
      return edgekv;
    },
    async send(pathAndQuery, init = {}) {
      if (!pathAndQuery.startsWith('/')) throw new TestingError(`send("${pathAndQuery}"): give a path starting with "/", e.g. "/api?x=1"`);
      const given = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
      const debug: Array<[string, string]> = init.debug === true ? [['pragma', DEBUG_PRAGMA], ['akamai-ew-trace', config.debugToken ?? 'weft-testing']] : [];
      const headers = applyScenario([['host', init.host ?? 'localhost'], ...given, ...debug, ...contextHeaders(init)], config.scenarios);
      const body = init.body ?? null;
      const result = await handler.run({ id: nextId++, method: init.method ?? 'GET', url: pathAndQuery, headers, scheme: config.scheme ?? 'http', remoteAddress: '127.0.0.1', body });
      const response = await toResponse(result.status, result.headers, result.body);
      const text = await response.clone().text();
      const trace = await result.trace;
      if (trace === undefined) throw new TestingError(`no trace was recorded for ${init.method ?? 'GET'} ${pathAndQuery}`);
      return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T, response, trace };
    },
    mock(name) {
      const url = target.mocks.find((mock) => mock.name === name)?.url;
      if (url === undefined) throw new TestingError(`no mock origin named "${name}"; mocks: ${target.mocks.map((mock) => mock.name).join(', ') || '(none)'}`);
      return url;
    },
    traces: () => handler.traces.recent(1000),
    async listen() {
      server ??= await createEdgeServer({ handler: handler.handle, scheme: config.scheme });
      return server.url;
    },
    async close() {
      await server?.close();
      await target.close();
    },
  };
}
