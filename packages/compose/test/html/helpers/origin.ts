/**
 * A real loopback origin for HTML tests: each route answers with a status, headers and body chunks,
 * optionally after a delay, or breaks the connection mid-body. It logs what it did, in order, so
 * tests can assert on the order of events instead of on timings.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Route {
  status?: number;
  headers?: Record<string, string | string[]>;
  /** Body chunks, written one after the other. */
  chunks?: string[];
  body?: string;
  /** ms before the status line is sent. */
  delay?: number;
  /** ms between chunks. */
  chunkDelay?: number;
  /** Destroy the socket after the chunks (a body that fails mid-way). */
  breakAfter?: boolean;
}

export interface Origin {
  url: string;
  /** "GET /path" when a request arrives, "answered /path" when its headers are sent. */
  log: string[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Request headers of the last request to each path. */
  seenHeaders: Map<string, Record<string, string | string[] | undefined>>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startOrigin(routes: Record<string, Route | ((url: URL) => Route)>): Promise<Origin> {
  const log: string[] = [];
  const seenHeaders = new Map<string, Record<string, string | string[] | undefined>>();
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    log.push(`GET ${url.pathname}${url.search}`);
    seenHeaders.set(url.pathname, { ...req.headers });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const entry = routes[url.pathname];
    const route: Route = typeof entry === 'function' ? entry(url) : (entry ?? { status: 404, body: 'not found' });
    try {
      if (route.delay !== undefined) await sleep(route.delay);
      res.writeHead(route.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...(route.headers ?? {}) });
      res.flushHeaders();
      log.push(`answered ${url.pathname}`);
      for (const chunk of route.chunks ?? [route.body ?? '']) {
        res.write(chunk);
        if (route.chunkDelay !== undefined) await sleep(route.chunkDelay);
      }
      if (route.breakAfter === true) res.destroy();
      else res.end();
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    get maxInFlight() {
      return state.maxInFlight;
    },
    seenHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a stream chunk by chunk, calling `onChunk` with each decoded piece. */
export async function readAll(body: ReadableStream<Uint8Array>, onChunk?: (text: string) => void): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    onChunk?.(text);
    out += text;
  }
  return out + decoder.decode();
}

/** A file's origin: `serve(routes)` starts one for the test, closed after it. */
export function originPerTest(): (routes: Record<string, Route | ((url: URL) => Route)>) => Promise<Origin> {
  let origin: Origin | undefined;
  afterEach(async () => {
    await origin?.close();
    origin = undefined;
  });
  return async (routes) => {
    origin = await startOrigin(routes);
    return origin;
  };
}
