/**
 * Clients too slow to send their headers (slowloris) against the real edge server, with a short
 * headers timeout set for the test: each is answered 408 and closed; other clients are served.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuntimeOptions } from '../../src/config/schema.ts';
import { createPipelineHandler } from '../../src/pipeline/edge-handler.ts';
import { createEdgeServer, type EdgeServer } from '../../src/server/edge-server.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, timeoutCheckInterval } from '../../src/server/limits.ts';
import { moduleSandbox } from '../pipeline/module-sandbox.ts';
import { openSocket, rawExchange, readResponses } from '../../../../test/support/raw-http.ts';

/**
 * Sends a short header line every few milliseconds until the server closes. The pace only keeps
 * the header block far below the size limit (a flood would get 431 instead); no test measures time.
 */
function trickle(socket: Socket): void {
  let n = 0;
  const next = (): void => {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(`X-Slow-${n++}: a\r\n`, () => setTimeout(next, 25).unref());
  };
  next();
}

describe('slow clients (issue 12: slowloris)', () => {
  let server: EdgeServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const sandbox = moduleSandbox({
      onClientRequest(request: { respondWith(status: number, headers: object, body: string): void; path: string }) { request.respondWith(200, {}, `ok ${request.path}`); },
    });
    const { handle, services } = createPipelineHandler(parseRuntimeOptions({}), sandbox.info, sandbox);
    server = await createEdgeServer({ handler: handle, headersTimeoutMs: 300 });
    close = async () => { await server.close(); await services.dispatcher.close(); };
  });
  afterAll(async () => { await close(); });

  it('a client that never finishes its headers is answered 408 and closed', async () => {
    const socket = await openSocket(server.url);
    const reading = readResponses(socket);
    socket.write('GET /slow HTTP/1.1\r\nHost: a\r\n');
    trickle(socket);
    const { responses, closed } = await reading;
    expect(responses.map((r) => r.status)).toEqual([408]);
    expect(responses[0]?.text()).toMatch(/^weft: Request Timeout: .*not received in time/);
    expect(closed).toBe(true);
  });

  it('a slow second request on a kept-alive connection gets 408 after the first one\'s answer', async () => {
    const socket = await openSocket(server.url);
    const reading = readResponses(socket);
    socket.write('GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n');
    trickle(socket);
    const { responses } = await reading;
    expect(responses.map((r) => r.status)).toEqual([200, 408]);
    expect(responses[0]?.text()).toBe('ok /first');
  });

  it('other clients are served meanwhile', async () => {
    const slow = await openSocket(server.url);
    const slowReading = readResponses(slow);
    slow.write('GET /slow HTTP/1.1\r\n');
    const { responses } = await rawExchange(server.url, 'GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(responses.map((r) => r.text())).toEqual(['ok /fast']);
    trickle(slow);
    expect((await slowReading).responses.map((r) => r.status)).toEqual([408]);
  });

  it('the default headers timeout is checked often enough to cut a slow client close to it', () => {
    expect(DEFAULT_HEADERS_TIMEOUT_MS).toBeLessThan(60_000);
    expect(timeoutCheckInterval(DEFAULT_HEADERS_TIMEOUT_MS)).toBeLessThanOrEqual(1000);
    expect(timeoutCheckInterval(300)).toBeLessThan(300);
  });
});
