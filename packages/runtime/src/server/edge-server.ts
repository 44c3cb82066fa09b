/**
 * The HTTP front of `weft serve`: a plain node:http server on the hot path (MEASUREMENTS.md: web
 * Request/Response conversion costs most of a proxy's throughput). It turns a socket request into a
 * pipeline request with raw header pairs and the socket stream as body, and writes the reply back.
 * A failure inside the pipeline answers 500 with the reason and the server keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PipelineHandler } from '../pipeline/edge-handler.ts';
import type { HeaderPairs } from '../pipeline/handle-request.ts';
import { writeReply } from './write-reply.ts';

export interface EdgeServerOptions {
  handler: PipelineHandler;
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Scheme of this listener (decision 30). */
  scheme?: 'http' | 'https';
  /** Where unexpected pipeline failures are reported; default stderr. */
  onError?(error: unknown): void;
}

export interface EdgeServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

function pairHeaders(raw: string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
}

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function createRequestListener(options: EdgeServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  let nextId = 1;
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`weft: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
  return (req, res) => {
    const request = {
      id: nextId++,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: pairHeaders(req.rawHeaders),
      scheme: options.scheme ?? 'http',
      remoteAddress: clientAddress(req),
      body: hasBody(req) ? req : null,
    };
    options.handler(request).then(
      (reply) => writeReply(res, reply.status, reply.headers, reply.body),
      (error: unknown) => {
        report(error);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const message = `weft: internal error while handling ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}\n`;
        writeReply(res, 500, [['Content-Type', 'text/plain; charset=utf-8'], ['Content-Length', String(Buffer.byteLength(message))]], message);
      },
    );
  };
}

/** Starts listening; rejects with the listen error (EADDRINUSE, EACCES, ...). */
export function createEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const server = createServer({ keepAliveTimeout: 5000 }, createRequestListener(options));
  // CONNECT never runs a handler (decision 10) and Weft is no forward proxy.
  server.on('connect', (_req: IncomingMessage, socket) => {
    const body = 'weft: CONNECT is not supported (decision 10)\n';
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `${options.scheme ?? 'http'}://${shown}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
