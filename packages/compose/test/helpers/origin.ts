/**
 * A real loopback origin for tests: a node:http server on port 0 answering from a route table.
 * Each route is a function of the request, so a test can count hits, delay, or fail on purpose.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON with content-type application/json. */
  json?: unknown;
  body?: string;
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}

export type Route = (request: IncomingMessage, body: string) => Answer;

export interface Origin {
  url: string;
  /** Requests seen, as "METHOD /path?query". */
  hits: string[];
  /** Headers of each request, in order. */
  headers: Array<IncomingMessage['headers']>;
  bodies: string[];
  /** Most requests open at the same moment. */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

export async function startOrigin(routes: Record<string, Route | Answer>): Promise<Origin> {
  const hits: string[] = [];
  const headers: Array<IncomingMessage['headers']> = [];
  const bodies: string[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push(`${req.method} ${req.url}`);
      headers.push(req.headers);
      bodies.push(body);
      const path = (req.url ?? '/').split('?')[0];
      const route = routes[path];
      const answer: Answer = route === undefined ? { status: 404, body: 'not found' } : typeof route === 'function' ? route(req, body) : route;
      const send = (): void => {
        if (answer.hangUp === true) {
          req.socket.destroy();
          return;
        }
        const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? '');
        res.writeHead(answer.status ?? 200, {
          ...(answer.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...answer.headers,
        });
        res.end(text);
      };
      if (answer.delayMs !== undefined) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    headers,
    bodies,
    get peakInFlight() {
      return peakInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
