/**
 * The bench's origins, in their own process so their CPU and event loop stay out of the
 * measurement: `/latency/<ms>` answers a small JSON after a fixed delay; the example's four APIs
 * answer about 10 KB of JSON each, at once. Prints `{"port":N}` on stdout when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { examplePayloads } from './payloads.ts';

const payloads = examplePayloads();
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://origin.local');
  const latency = /^\/latency\/(\d+)$/.exec(url.pathname);
  if (latency !== null) {
    const ms = Number(latency[1]);
    setTimeout(() => {
      // no-store: the runtime would otherwise cache the composed answer (its Cache-Control is derived from these) and skip the worker.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ latency: ms, value: url.searchParams.get('v') ?? 'x' }));
    }, ms);
    return;
  }
  const key = url.pathname.startsWith('/users/') ? 'user' : url.pathname.startsWith('/carts/') ? 'cart' : url.pathname === '/prices' ? 'prices' : url.pathname === '/recommendations' ? 'recommendations' : undefined;
  if (key === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'private, max-age=30' }); // in-process only: no runtime cache
  res.end(payloads[key]);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('disconnect', () => process.exit(0));
