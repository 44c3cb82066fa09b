/**
 * Conformance harness: a worker written as a real main.js is loaded by the runtime's loader into
 * the real sandbox, served by the real edge server, in front of a real loopback origin. Tests talk
 * HTTP to it with undici and read the trace from /__weft/trace/:id.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as undiciRequest } from 'undici';
import {
  createEdgeServer, createPipelineHandler, createSandboxProvider, loadBundle, parseRuntimeOptions, type RuntimeOptionsInput, type Trace,
} from '@weft/runtime';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: string;
}

export type OriginHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface Origin {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export const echoOrigin: OriginHandler = (req, res, body) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': 'yes' });
  res.end(`origin: ${req.method} ${req.url}${body === '' ? '' : ` body=${body}`}`);
};

export async function startOrigin(handler: OriginHandler = echoOrigin): Promise<Origin> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  header(name: string): string | undefined;
}

export interface Served {
  url: string;
  origin: Origin;
  send(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply>;
  trace(reply: Reply): Promise<Trace>;
  close(): Promise<void>;
}

export interface ServeOptions {
  options?: Omit<RuntimeOptionsInput, 'origin'> & { origin?: string | null };
  origin?: OriginHandler;
  /** Sandbox limit overrides (e.g. a short wall limit). */
  overrides?: { wallMs?: number; cpuMs?: number; initWallMs?: number; initCpuMs?: number };
  files?: Record<string, string>;
}

// A loaded test machine can take longer than the tier's init limits to compile and start a bundle;
// only the tests about init limits should see those limits.
const GENEROUS_INIT = { initWallMs: 10_000, initCpuMs: 10_000 };

/** Serves `source` as main.js. `options.origin: null` serves without an origin. */
export async function serveWorker(source: string, serve: ServeOptions = {}): Promise<Served> {
  const origin = await startOrigin(serve.origin);
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-conf-'));
  writeFileSync(path.join(dir, 'main.js'), source);
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0', description: 'conformance' }));
  for (const [name, text] of Object.entries(serve.files ?? {})) writeFileSync(path.join(dir, name), text);
  const { origin: originOption, ...rest } = serve.options ?? {};
  const options = parseRuntimeOptions({ ...rest, ...(originOption === null ? {} : { origin: originOption ?? origin.url }), name: 'conformance', ewId: 42 });
  const bundle = await loadBundle(dir);
  const sandboxes = createSandboxProvider(bundle, { tier: options.tier, ewId: options.ewId, overrides: { ...GENEROUS_INIT, ...serve.overrides } });
  const { handle, services, traces } = createPipelineHandler(options, sandboxes.shared.info, sandboxes, bundle.warnings);
  const server = await createEdgeServer({ handler: handle });
  const send: Served['send'] = async (target, init = {}) => {
    const response = await undiciRequest(`${server.url}${target}`, { method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body });
    const body = await response.body.text();
    const headers = response.headers;
    return {
      status: response.statusCode,
      headers,
      body,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  };
  return {
    url: server.url,
    origin,
    send,
    async trace(reply) {
      const id = reply.header('x-weft-trace-id');
      if (id === undefined) throw new Error('reply has no x-weft-trace-id');
      for (let i = 0; i < 50; i++) {
        const trace = traces.get(id);
        if (trace !== undefined) return trace;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`trace ${id} never completed`);
    },
    async close() {
      await server.close();
      await services.dispatcher.close();
      await origin.close();
    },
  };
}

/** The stages of a trace that ran a handler, with their status. */
export function handlerStages(trace: Trace): string[] {
  return trace.stages.filter((stage) => stage.kind === 'handler').map((stage) => `${stage.stage}:${stage.status}`);
}
