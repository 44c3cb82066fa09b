/**
 * A real loopback origin for http-request tests: routes that echo, delay, stream, redirect and
 * misbehave on purpose, plus a concurrency gauge for the parallel limit.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Origin {
  url: string;
  maxConcurrent: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

const routes: Record<string, (req: IncomingMessage, res: ServerResponse, q: URLSearchParams) => void | Promise<void>> = {
  '/hello': (_req, res) => {
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('X-Multi', ['one', 'two']);
    res.setHeader('Content-Type', 'text/plain');
    res.end('hello');
  },
  '/json': (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ ok: true, list: [1, 2] }));
  },
  '/echo': async (req, res) => {
    const body = await readBody(req);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  },
  '/status': (_req, res, q) => {
    res.statusCode = Number(q.get('code') ?? '200');
    res.end(`status ${res.statusCode}`);
  },
  '/redirect': (_req, res) => {
    res.writeHead(302, { Location: '/hello' });
    res.end();
  },
  '/slow-headers': (_req, res) => {
    const t = setTimeout(() => res.end('late'), 3000);
    res.on('close', () => clearTimeout(t));
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('partial');
    const t = setTimeout(() => res.end('late'), 3000);
    res.on('close', () => clearTimeout(t));
  },
  '/big': (_req, res, q) => {
    const size = Number(q.get('bytes') ?? '1000');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(Buffer.alloc(size, 97));
  },
  '/big-headers': (_req, res) => {
    for (let i = 0; i < 10; i++) res.setHeader(`X-Filler-${i}`, 'f'.repeat(1000));
    res.end('ok');
  },
  '/hold': (_req, res) => {
    setTimeout(() => res.end('held'), 40);
  },
};

export async function startOrigin(): Promise<Origin> {
  let active = 0;
  const origin = { url: '', maxConcurrent: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    active++;
    origin.maxConcurrent = Math.max(origin.maxConcurrent, active);
    res.on('close', () => active--);
    const route = routes[url.pathname] ?? routes['/echo'];
    void route?.(req, res, url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return origin;
}
