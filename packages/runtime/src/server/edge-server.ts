/**
 * The HTTP front of `weft serve`: a plain node:http server on the hot path (docs/design.md,
 * Measurements: web Request/Response conversion costs most of a proxy's throughput). It turns a
 * socket request into a pipeline request with raw header pairs and the socket stream as body, and
 * writes the reply back. A failure inside the pipeline answers 500 with the reason and the server
 * keeps serving; a request that breaks HTTP gets a 4xx from the front and never reaches the
 * pipeline (connections.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PipelineHandler, PipelineReply } from '../pipeline/edge-handler.ts';
import type { HeaderPairs } from '../pipeline/handle-request.ts';
import { ClientConnections } from './connections.ts';
import { errorAnswer, refuseWithResponse } from './refusal.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, MAX_HEADER_LINES, timeoutCheckInterval } from './limits.ts';
import { readRequestTarget } from './request-target.ts';
import { discardBody, writeReply } from './write-reply.ts';

export interface EdgeServerOptions {
  handler: PipelineHandler;
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Scheme of this listener (decision 30). */
  scheme?: 'http' | 'https';
  /** How long a client may take to send its request line and headers; default 20 s (limits.ts). */
  headersTimeoutMs?: number;
  /** Where unexpected pipeline failures are reported; default stderr. */
  onError?(error: unknown): void;
  /**
   * The server's own routes beside the pipeline (the dev server's `/__weft/`): a request whose
   * target `owns` goes to `listener` (a node:http listener, such as a Hono app's) once the front
   * has accepted it; every other request stays on the pipeline's hot path.
   */
  ownRoutes?: OwnRoutes;
}

export interface OwnRoutes {
  /** Whether the request target (origin-form: path and query) is one of these routes. */
  owns(url: string): boolean;
  listener(req: IncomingMessage, res: ServerResponse): unknown;
}

export interface EdgeServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
}

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The request's header pairs, with an absolute-form target's authority as the only Host line
 * (RFC 9112 §3.2.2: the server ignores the Host it received), or why the request is refused.
 */
interface Refusal {
  status: number;
  message: string;
}

function readHeaders(req: IncomingMessage, targetHost: string | undefined): HeaderPairs | Refusal {
  const raw = req.rawHeaders;
  // RFC 6585 §5: too many header lines is a 431, like too many header bytes.
  if (raw.length / 2 > MAX_HEADER_LINES) return { status: 431, message: `the request has more than ${MAX_HEADER_LINES} header lines; send fewer` };
  const pairs: HeaderPairs = [];
  let hosts = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && name.toLowerCase() === 'host') {
      hosts++;
      if (targetHost !== undefined) {
        if (hosts === 1) pairs.push([name, targetHost]);
        continue;
      }
    }
    pairs.push([name, raw[i + 1] as string]);
  }
  // RFC 9112 §3.2: one Host line, and none missing from an HTTP/1.1 request.
  if (hosts > 1 && targetHost === undefined) return { status: 400, message: `the request has ${hosts} Host header lines; send exactly one` };
  if (hosts === 0) {
    if (targetHost !== undefined) pairs.push(['Host', targetHost]);
    else if (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) return { status: 400, message: 'the HTTP/1.1 request has no Host header; send one naming the site (RFC 9112 §3.2)' };
  }
  return pairs;
}

export function createRequestListener(options: EdgeServerOptions, connections = new ClientConnections()): (req: IncomingMessage, res: ServerResponse) => void {
  let nextId = 1;
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`weft: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
  const answerFailure = (res: ServerResponse, method: string, url: string, error: unknown): void => {
    report(error);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const message = `weft: internal error while handling ${method} ${url}: ${error instanceof Error ? error.message : String(error)}\n`;
    writeReply(res, 500, [['Content-Type', 'text/plain; charset=utf-8'], ['Content-Length', String(Buffer.byteLength(message))]], message);
  };
  const answer = (res: ServerResponse, method: string, url: string, reply: PipelineReply): void => {
    // The front already answered (the client's body broke HTTP) or the client is gone.
    if (res.headersSent || res.destroyed) {
      discardBody(reply.body);
      return;
    }
    try {
      writeReply(res, reply.status, reply.headers, reply.body);
    } catch (error) {
      // A header node:http cannot write (wire-header.ts covers what the platform allows): this
      // request fails with 500, the server keeps serving.
      discardBody(reply.body);
      answerFailure(res, method, url, error);
    }
  };
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const target = readRequestTarget(method, req.url ?? '/');
    if (!target.ok) {
      refuseWithResponse(res, 400, target.message);
      return;
    }
    const headers = readHeaders(req, target.host);
    if (!Array.isArray(headers)) {
      refuseWithResponse(res, headers.status, headers.message);
      return;
    }
    const url = target.url;
    const own = options.ownRoutes;
    if (own?.owns(url) === true) {
      Promise.resolve()
        .then(() => own.listener(req, res))
        .catch((error: unknown) => answerFailure(res, method, url, error));
      return;
    }
    const request = {
      id: nextId++,
      method,
      url,
      headers,
      scheme: options.scheme ?? 'http',
      remoteAddress: clientAddress(req),
      body: hasBody(req) ? req : null,
    };
    options.handler(request).then(
      (reply) => answer(res, method, url, reply),
      (error: unknown) => answerFailure(res, method, url, error),
    );
  };
  return (req, res) => connections.admit(req, res, () => serve(req, res));
}

/** Starts listening; rejects with the listen error (EADDRINUSE, EACCES, ...). */
export function createEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const connections = new ClientConnections();
  const server = createServer(
    {
      keepAliveTimeout: 5000,
      headersTimeout,
      connectionsCheckingInterval: timeoutCheckInterval(headersTimeout),
      // readHeaders() answers a missing Host with a message rather than Node's bare 400.
      requireHostHeader: false,
    },
    createRequestListener(options, connections),
  );
  // Node drops header lines past this count without a word; readHeaders() refuses such requests,
  // and needs to see more than MAX_HEADER_LINES of them to tell.
  server.maxHeadersCount = MAX_HEADER_LINES * 2;
  server.on('clientError', connections.onClientError);
  // CONNECT never runs a handler (decision 10) and Weft is no forward proxy.
  server.on('connect', (_req: IncomingMessage, socket) => {
    socket.end(errorAnswer(405, 'CONNECT is not supported (decision 10)'));
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
