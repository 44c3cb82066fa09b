/** Origin forwarding: a proxy's duties (RFC 9110 §7.6.1) and a 502 that explains an unreachable origin. */
import { connect, createServer } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorker, type Served } from './harness.ts';

const NO_HANDLERS = 'export {};';

function rawRequest(url: string, text: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('origin forwarding', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  it('drops hop-by-hop fields both ways, including the ones Connection names', async () => {
    served = await serveWorker(NO_HANDLERS, {
      origin: (_req, res) => {
        res.setHeader('Connection', 'x-origin-secret');
        res.setHeader('x-origin-secret', 'hop');
        res.setHeader('keep-alive', 'timeout=5');
        res.setHeader('x-end-to-end', 'kept');
        res.end('ok');
      },
    });
    // A raw socket, because HTTP clients manage Connection themselves.
    const raw = await rawRequest(served.url, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close, x-client-secret\r\nx-client-secret: hop\r\nx-client-e2e: kept\r\n\r\n');
    expect(served.origin.seen[0]?.headers['x-client-secret']).toBeUndefined();
    expect(served.origin.seen[0]?.headers['x-client-e2e']).toBe('kept');
    expect(raw).not.toMatch(/x-origin-secret/i);
    expect(raw).not.toMatch(/keep-alive: timeout=5/i);
    expect(raw).toMatch(/x-end-to-end: kept/i);
  });

  it('appends the client to X-Forwarded-For and keeps the client Host header', async () => {
    served = await serveWorker(NO_HANDLERS);
    await served.send('/', { headers: { 'x-forwarded-for': '203.0.113.9', host: 'www.example.com' } });
    expect(served.origin.seen[0]?.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(served.origin.seen[0]?.headers.host).toBe('www.example.com');
  });

  it('streams a request body to the origin and a large response body back', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    served = await serveWorker(NO_HANDLERS, { origin: (_req, res, body) => { res.writeHead(200); res.end(`${body.length}:${big}`); } });
    const chunks = (async function* () { for (let i = 0; i < 64; i++) yield Buffer.alloc(16 * 1024, 97); })();
    const response = await request(`${served.url}/upload`, { method: 'POST', body: Readable.from(chunks) });
    const text = await response.body.text();
    expect(text.startsWith(`${64 * 16 * 1024}:`)).toBe(true);
    expect(text.length).toBe(`${64 * 16 * 1024}:`.length + big.length);
  });

  it('an unreachable origin is a 502 whose body names the origin URL and the reason', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    served = await serveWorker(NO_HANDLERS, { options: { origin: `http://127.0.0.1:${port}` } });
    const reply = await served.send('/');
    expect(reply.status).toBe(502);
    expect(reply.body).toContain(`http://127.0.0.1:${port}`);
    expect(reply.body).toContain('ECONNREFUSED');
    const trace = await served.trace(reply);
    expect(trace.origin?.error).toContain('ECONNREFUSED');
    expect((await served.send('/again')).status).toBe(502);
  });

  it('a request that needs an origin when none is configured is a 502 that says how to set one', async () => {
    served = await serveWorker(NO_HANDLERS, { options: { origin: null } });
    const reply = await served.send('/');
    expect(reply.status).toBe(502);
    expect(reply.body).toContain('--origin URL');
  });
});
