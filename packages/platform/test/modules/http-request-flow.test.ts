/**
 * How a sub-request's response body flows from the socket to worker code: backpressure bounds what
 * is buffered, a cancelled body frees its connection, reads coalesce into plain Uint8Arrays, 1xx
 * responses are skipped, the deadline holds while undici still queues the request, and a long
 * stream's garbage is collected as it goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import vm from 'node:vm';
import { Agent } from 'undici';
import { collectGarbage } from '../../src/host/collect-garbage.ts';
import { runInvocation } from '../../src/host/invocation.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import type { HostServices } from '../../src/host/services.ts';
import { resolveLimits, TIERS, type Limits } from '../../src/limits.ts';
import { BODY_HIGH_WATER_BYTES, subrequestBodyOf, type SubrequestBody } from '../../src/modules/http-request/host/index.ts';
import { httpRequest, responseSource, SubrequestFailedError, SubrequestTimeoutError, type HttpResponse } from '../../src/modules/http-request/index.ts';
import { makeContext, type TestContext } from './helpers.ts';

const MB = 1024 * 1024;
/** The byte at `offset` of a /pattern body, so a test can check every byte arrived in order. */
const patternByte = (offset: number): number => offset % 251;

/** Writes `total` pattern bytes in 16 KB chunks, waiting for 'drain' as a well-behaved origin does. */
async function writePattern(res: ServerResponse, total: number): Promise<void> {
  let offset = 0;
  while (offset < total && !res.destroyed) {
    const chunk = Buffer.allocUnsafe(Math.min(16 * 1024, total - offset));
    for (let i = 0; i < chunk.length; i++) chunk[i] = patternByte(offset + i);
    offset += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

const BLOCK = Buffer.alloc(64 * 1024, 0x61);

function pourBlocks(res: ServerResponse, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      sent += BLOCK.length;
      if (!res.write(BLOCK)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

let server: Server;
let base = '';
let services: HostServices;

/** The host side of a response's body (its queue and backpressure), which worker code never sees. */
function responseBody(response: HttpResponse): SubrequestBody {
  const body = subrequestBodyOf(services.ctx, responseSource(response));
  if (body === undefined) throw new Error('the response body is not registered on the host');
  return body;
}

beforeAll(async () => {
  services = linkHostRealm();
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    if (url.pathname === '/fill') {
      // As fast as the socket takes it: 64 KB blocks of one byte value.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      pourBlocks(res, Number(url.searchParams.get('bytes')));
    } else if (url.pathname === '/pattern') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      void writePattern(res, Number(url.searchParams.get('bytes')));
    } else if (url.pathname === '/trickle') {
      // Many small writes: each is its own socket write (Node's server sets TCP_NODELAY).
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 50; i++) res.write('x'.repeat(100));
      res.end();
    } else if (url.pathname === '/hints') {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-final': 'yes' });
      res.end('after hints');
    } else if (url.pathname === '/cut') {
      // Promises 10000 bytes, sends 100, then drops the connection.
      res.writeHead(200, { 'content-length': '10000' });
      res.write('y'.repeat(100), () => setTimeout(() => res.destroy(), 20));
    } else if (url.pathname === '/hang') {
      // Answers only when the connection closes (never, unless the client gives up).
    } else {
      res.end('hello');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function bigBodyLimits(maxBytes = 64 * MB): Limits {
  const limits = resolveLimits();
  return { ...limits, tierLimits: { ...TIERS[200], responseProvider: { ...TIERS[200].responseProvider, subrequestResponseBytes: maxBytes } } };
}

function ctxFor(dispatcher: Agent, limits: Limits = resolveLimits()): TestContext {
  return makeContext({ dispatcher, defaultOrigin: base, limits });
}

describe('http-request body flow', () => {
  it('a 20 MB body read slowly stays bounded in memory: the connection pauses past the high-water mark', async () => {
    const agent = new Agent();
    const ctx = ctxFor(agent, bigBodyLimits());
    const total = 20 * MB;
    const response = await runInvocation(ctx, () => httpRequest('/pattern?bytes=' + total));
    const body = responseBody(response);
    const reader = response.body.getReader();
    let offset = 0;
    let reads = 0;
    for (;;) {
      // Every 40th read the worker stalls: without backpressure the origin would pour megabytes in meanwhile.
      if (reads % 40 === 0) await sleep(20);
      const { done, value } = await reader.read();
      if (done) break;
      reads++;
      expect(Object.getPrototypeOf(value)).toBe(Uint8Array.prototype);
      for (let i = 0; i < value.byteLength; i += 997) {
        if (value[i] !== patternByte(offset + i)) throw new Error(`byte ${offset + i} is ${value[i]}, expected ${patternByte(offset + i)}`);
      }
      offset += value.byteLength;
    }
    expect(offset).toBe(total);
    // Unread data stops at the high-water mark plus what one socket read may still deliver.
    expect(body.peakQueuedBytes).toBeGreaterThan(0);
    expect(body.peakQueuedBytes).toBeLessThanOrEqual(4 * BODY_HIGH_WATER_BYTES);
    expect(ctx.records[0]?.bodyError).toBeUndefined();
    expect(ctx.records[0]?.totalDurationMs).toBeGreaterThanOrEqual(0);
    await agent.close();
  });

  it('text() of a large body reads it all through the same flow', async () => {
    const agent = new Agent();
    const ctx = ctxFor(agent, bigBodyLimits());
    const response = await runInvocation(ctx, () => httpRequest('/pattern?bytes=' + 3 * MB));
    const text = await response.text();
    expect(text.length).toBeGreaterThan(2 * MB);
    expect(ctx.records[0]?.totalDurationMs).toBeGreaterThanOrEqual(0);
    await agent.close();
  });

  // Sizes just past the high-water mark leave the rest in the socket's buffer, parsed synchronously on resume.
  it.each([70_000, 100_000, 300_000])('text() after the connection paused gets all %i bytes, including what resuming parses at once', async (total) => {
    const agent = new Agent();
    const ctx = ctxFor(agent, bigBodyLimits());
    const response = await runInvocation(ctx, () => httpRequest('/pattern?bytes=' + total));
    const body = responseBody(response);
    // Unread, the body fills past the high-water mark and pauses; the rest waits in the socket.
    while (body.queuedBytes <= BODY_HIGH_WATER_BYTES) await sleep(1);
    await sleep(20);
    const text = await response.text();
    // Every pattern byte decodes to one UTF-16 unit (bytes ≥ 0x80 each become one U+FFFD here).
    expect(text.length).toBe(total);
    expect(text.charCodeAt(total - 1)).toBe(patternByte(total - 1) < 0x80 ? patternByte(total - 1) : 0xfffd);
    expect(ctx.records[0]?.bodyError).toBeUndefined();
    await agent.close();
  });

  it('a body cancelled mid-way frees its connection: the next sub-request on a one-connection pool succeeds', async () => {
    const agent = new Agent({ connections: 1 });
    const ctx = ctxFor(agent, bigBodyLimits());
    await runInvocation(ctx, async () => {
      // An endless body: only aborting the exchange can free the connection.
      const big = await httpRequest('/pattern?bytes=Infinity');
      const reader = big.body.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel('enough');
      const next = await httpRequest('/hello');
      expect(await next.text()).toBe('hello');
    });
    expect(ctx.records[0]?.bodyError).toBe('enough');
    expect(ctx.records[1]?.status).toBe(200);
    await agent.close();
  });

  it('an unread paused body is released by its deadline, freeing the connection', async () => {
    const agent = new Agent({ connections: 1 });
    const ctx = ctxFor(agent, bigBodyLimits());
    await runInvocation(ctx, async () => {
      const big = await httpRequest('/pattern?bytes=Infinity', { timeout: 100 });
      // Nobody reads: the connection pauses, then the deadline fails the body and aborts the exchange.
      const next = await httpRequest('/hello');
      expect(await next.text()).toBe('hello');
      await expect(big.text()).rejects.toBeInstanceOf(SubrequestTimeoutError);
    });
    expect(ctx.records[0]?.bodyError).toMatch(/timed out after 100 ms/);
    await agent.close();
  });

  it('a read returns everything already received as one plain Uint8Array', async () => {
    const agent = new Agent();
    const ctx = ctxFor(agent);
    const response = await runInvocation(ctx, () => httpRequest('/trickle'));
    const body = responseBody(response);
    // Wait (without reading) until all 50 small writes have arrived.
    while (body.queuedBytes < 5000) await sleep(1);
    const reader = response.body.getReader();
    const first = await reader.read();
    expect(Object.getPrototypeOf(first.value)).toBe(Uint8Array.prototype);
    expect(first.value?.byteLength).toBe(5000);
    expect((await reader.read()).done).toBe(true);
    await agent.close();
  });

  it('a connection lost mid-body errors the stream and records the body error', async () => {
    const agent = new Agent();
    const ctx = ctxFor(agent);
    const response = await runInvocation(ctx, () => httpRequest('/cut'));
    const reader = response.body.getReader();
    let received = 0;
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received += value.byteLength;
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(received).toBeLessThanOrEqual(100);
    expect(ctx.records[0]?.status).toBe(200);
    expect(ctx.records[0]?.bodyError).toBe((failure as Error).message);
    await agent.close();
  });

  // RFC 9110 §15.2: a 1xx response is interim; the sub-request resolves with the final one.
  it('103 Early Hints before the response are skipped', async () => {
    const agent = new Agent();
    const response = await runInvocation(ctxFor(agent), () => httpRequest('/hints'));
    expect(response.status).toBe(200);
    expect(response.getHeader('x-final')).toEqual(['yes']);
    expect(response.getHeader('link')).toBeUndefined();
    expect(await response.text()).toBe('after hints');
    await agent.close();
  });

  it('the deadline holds while the request still waits in undici for a connection', async () => {
    const agent = new Agent({ connections: 1 });
    const ctx = ctxFor(agent);
    await runInvocation(ctx, async () => {
      let firstSettled = false;
      const first = httpRequest('/hang').finally(() => {
        firstSettled = true;
      });
      first.catch(() => {});
      // The only connection is taken by /hang, so this one is still queued when its deadline passes.
      await expect(httpRequest('/hello', { timeout: 50 })).rejects.toBeInstanceOf(SubrequestTimeoutError);
      expect(firstSettled).toBe(false);
      await agent.destroy();
      await expect(first).rejects.toBeInstanceOf(SubrequestFailedError);
    });
    expect(ctx.records[1]?.error).toMatch(/timed out after 50 ms \(the timeout option\)/);
    expect(ctx.subrequests.active).toBe(0);
  });
});

// Each chunk of a streamed body leaves ArrayBuffers of garbage and little else, which V8 would let
// pile up to its own thresholds; the body asks for a young-generation collection every 4 MB.
describe('memory of a streamed body', () => {
  it('160 MB streamed through response.body mostly holds well under V8’s own collection threshold in ArrayBuffers', async () => {
    const agent = new Agent();
    const ctx = ctxFor(agent, bigBodyLimits(512 * MB));
    collectGarbage('major');
    const baseline = process.memoryUsage().arrayBuffers;
    const held: number[] = [];
    let bytes = 0;
    let reads = 0;
    await runInvocation(ctx, async () => {
      const reader = (await httpRequest(`/fill?bytes=${160 * MB}`)).body.getReader();
      for (let r = await reader.read(); r.done !== true; r = await reader.read()) {
        bytes += r.value.byteLength;
        if (++reads % 16 === 0) held.push(process.memoryUsage().arrayBuffers - baseline);
      }
    });
    expect(bytes).toBe(160 * MB);
    // What the stream holds most of the time, read as the 90th percentile of the samples: a single
    // peak depends on when V8's background sweeper frees the buffers a scavenge found dead. Measured
    // on 2 cores: 22-28 MB with the scavenges, 38-40 MB without them (V8's own young
    // array-buffer threshold); one peak ranged 19-44 MB with them.
    held.sort((a, b) => a - b);
    const p90 = held[Math.floor(held.length * 0.9)] ?? Number.POSITIVE_INFINITY;
    expect(p90 / MB).toBeLessThan(33);
    await agent.close();
  });

  it('the collector leaves no gc global behind: contexts made afterwards do not have one', () => {
    collectGarbage('minor');
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });
});
