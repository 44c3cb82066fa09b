/**
 * The bench's origins, in their own process so their CPU and event loop stay out of the
 * measurement: `/latency/<ms>` answers a small JSON exactly `ms` after the request arrived; the
 * example's four APIs answer about 10 KB of JSON each, at once. Prints `{"port":N}` on stdout when
 * listening.
 *
 * Two things keep the origins from being the thing measured at 100 clients × 5 sources (5,000
 * requests a second on a 2-core machine, sharing it with the process under test):
 * - It speaks just enough HTTP/1.1 over `node:net` (keep-alive GETs without bodies, which is all
 *   the bench sends): node:http costs several times more CPU per request.
 * - A latency is honoured to a tenth of a millisecond. A plain `setTimeout(100)` fires 0.4–1.3 ms
 *   late, which a "minus 100 ms" figure would charge to the process under test, and spinning on
 *   `setImmediate` until the due time costs a core; a thread asleep on a futex wakes this one.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { examplePayloads } from './payloads.ts';

interface Due {
  at: number;
  socket: Socket;
  response: Buffer;
}

function response(status: number, headers: Record<string, string>, body: string): Buffer {
  const bytes = Buffer.from(body);
  const head = Object.entries({ ...headers, 'content-length': String(bytes.byteLength), connection: 'keep-alive' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not Found'}\r\n${head}\r\n`), bytes]);
}

const payloads = examplePayloads();
// Private: the in-process bench runs no runtime cache, and the example's Cache-Control derives from these.
const apis = Object.fromEntries(
  Object.entries(payloads).map(([key, body]) => [key, response(200, { 'content-type': 'application/json', 'cache-control': 'private, max-age=30' }, body)]),
) as Record<keyof typeof payloads, Buffer>;
const notFound = response(404, {}, '');

function apiFor(path: string): Buffer {
  if (path.startsWith('/users/')) return apis.user;
  if (path.startsWith('/carts/')) return apis.cart;
  if (path === '/prices' || path.startsWith('/prices?')) return apis.prices;
  if (path === '/recommendations' || path.startsWith('/recommendations?')) return apis.recommendations;
  return notFound;
}

function latencyResponse(ms: number, value: string): Buffer {
  // no-store: the runtime would otherwise cache the composed answer (its Cache-Control is derived from these) and skip the worker.
  return response(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, JSON.stringify({ latency: ms, value }));
}

// One FIFO per latency: arrivals are in time order, so each queue is sorted by due time.
const queues = new Map<number, Due[]>();

// Node's timers fire 0.4–1.3 ms late and a setImmediate spin costs a core, so a thread sleeping
// on a futex wakes this one at each due time instead (clock-thread.mjs).
const shared = new SharedArrayBuffer(16);
const generation = new Int32Array(shared, 0, 1);
const published = new Float64Array(shared, 8, 1);
published[0] = Number.POSITIVE_INFINITY;
const clock = new Worker(new URL('./clock-thread.mjs', import.meta.url), { workerData: shared });
clock.unref();
const epoch = (): number => performance.timeOrigin + performance.now();

function publish(at: number): void {
  published[0] = at;
  Atomics.add(generation, 0, 1);
  Atomics.notify(generation, 0);
}

function pump(): void {
  const now = epoch();
  let next = Number.POSITIVE_INFINITY;
  for (const queue of queues.values()) {
    while (queue.length > 0 && (queue[0] as Due).at <= now) {
      const due = queue.shift() as Due;
      if (!due.socket.destroyed) due.socket.write(due.response);
    }
    if (queue.length > 0) next = Math.min(next, (queue[0] as Due).at);
  }
  publish(next);
}
clock.on('message', pump);

function answer(socket: Socket, requestLine: string, arrived: number): void {
  const path = requestLine.split(' ')[1] ?? '/';
  const latency = /^\/latency\/(\d+)(?:\?v=([^&]*))?/.exec(path);
  if (latency === null) {
    socket.write(apiFor(path));
    return;
  }
  const ms = Number(latency[1]);
  const queue = queues.get(ms) ?? [];
  queues.set(ms, queue);
  queue.push({ at: arrived + ms, socket, response: latencyResponse(ms, latency[2] ?? 'x') });
  if (arrived + ms < published[0]) publish(arrived + ms);
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    const arrived = epoch();
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
      answer(socket, pending.slice(0, pending.indexOf('\r\n')), arrived);
      pending = pending.slice(end + 4);
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('disconnect', () => process.exit(0));
