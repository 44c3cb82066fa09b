/** Starts a real loopback origin and a Weft edge server over a module sandbox, for pipeline tests. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRuntimeOptions, type RuntimeOptionsInput } from '../../src/config/schema.ts';
import { createPipelineHandler } from '../../src/pipeline/edge-handler.ts';
import { createEdgeServer, type EdgeServer } from '../../src/server/edge-server.ts';
import { moduleSandbox, type Handlers } from './module-sandbox.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Origin {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type OriginHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const defaultOrigin: OriginHandler = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': 'yes' });
  res.end(`origin saw ${req.method} ${req.url}`);
};

export async function startOrigin(handler: OriginHandler = defaultOrigin): Promise<Origin> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
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

export interface Edge {
  server: EdgeServer;
  url: string;
  traces: ReturnType<typeof createPipelineHandler>['traces'];
  close(): Promise<void>;
}

export async function startEdge(handlers: Handlers, options: RuntimeOptionsInput): Promise<Edge> {
  const parsed = parseRuntimeOptions(options);
  const sandbox = moduleSandbox(handlers);
  const { handle, traces, services } = createPipelineHandler(parsed, sandbox.info, sandbox);
  const server = await createEdgeServer({ handler: handle });
  return {
    server,
    url: server.url,
    traces,
    close: async () => {
      await server.close();
      await services.dispatcher.close();
    },
  };
}
