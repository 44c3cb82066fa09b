/**
 * forwardToOrigin against hostile origins on raw loopback sockets (issue 12): each failure is an
 * OriginError with the status the edge answers (502 broken, 504 slow), bodies stream with
 * backpressure, and a failure after the head reaches whoever reads the body and the trace hook.
 */
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOutboundAgent, forwardToOrigin, OriginError, OriginProtocolError, OriginTimeoutError, OriginUnreachableError, type OriginRequest,
} from '../../src/index.ts';
import { answer, refusedPort, startRawOrigin, streamBytes, trickle, type RawOrigin } from '../../../../test/support/raw-origin.ts';

// Short read timeout: the hanging and trickling origins are the behaviour under test.
const READ_MS = 300;
const agent = createOutboundAgent({ readMs: READ_MS });
const big = { written: 0, finished: false };
let origin: RawOrigin;

beforeAll(async () => {
  origin = await startRawOrigin({
    '/bad-chunk': (socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n'),
    '/garbage': (socket) => socket.end('SURELY NOT HTTP\r\n\r\n'),
    '/close-before-head': (socket) => socket.end(),
    '/reset-before-head': (socket) => socket.resetAndDestroy(),
    '/hang': () => undefined,
    '/head-then-silence': (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'),
    '/trickle-head': trickle('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 100),
    '/reset-mid-body': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfirst bytes');
      socket.once('data', () => undefined);
      setImmediate(() => socket.resetAndDestroy());
    },
    '/bad-chunk-mid-body': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
      setImmediate(() => socket.end('QQ\r\n'));
    },
    '/short-body': (socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this'),
    '/big': streamBytes(200 * 1024 * 1024, big),
    '/head': (socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'),
    '/no-content': (socket) => socket.end('HTTP/1.1 204 No Content\r\n\r\n'),
  }, answer('fine'));
});
afterAll(async () => {
  await agent.close();
  await origin.close();
});

function request(path: string, extra: Partial<OriginRequest> = {}): OriginRequest {
  return { origin: origin.url, method: 'GET', pathAndQuery: path, headers: [['host', 'www.example.com']], body: null, clientIp: '192.0.2.1', ...extra };
}

async function failureOf(path: string): Promise<OriginError> {
  const error = await forwardToOrigin(agent, request(path)).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof OriginError)) throw new Error(`expected an OriginError for ${path}, got ${String(error)}`);
  return error;
}

async function bodyOutcome(body: Readable | null): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for await (const chunk of body ?? []) text += String(chunk);
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

describe('forwardToOrigin: origins that fail before the head went out', () => {
  it('invalid chunked framing right after the head is a 502 naming the protocol error', async () => {
    const error = await failureOf('/bad-chunk');
    expect(error).toBeInstanceOf(OriginProtocolError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/origin http:\/\/127\.0\.0\.1:\d+ sent an invalid HTTP response: .*Invalid character in chunk size/);
  });

  it('a status line that is not HTTP is a 502', async () => {
    const error = await failureOf('/garbage');
    expect(error).toBeInstanceOf(OriginProtocolError);
    expect(error.status).toBe(502);
  });

  it.each(['/close-before-head', '/reset-before-head'])('a connection dropped before any response (%s) is a 502', async (path) => {
    const error = await failureOf(path);
    expect(error).toBeInstanceOf(OriginUnreachableError);
    expect(error.status).toBe(502);
    expect(error.reason).toMatch(/closed the connection before sending a response|ECONNRESET/);
  });

  it('a refused connection is a 502 naming ECONNREFUSED', async () => {
    const port = await refusedPort();
    const error = await forwardToOrigin(agent, request('/', { origin: `http://127.0.0.1:${port}` })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OriginUnreachableError);
    expect((error as OriginError).reason).toMatch(/^ECONNREFUSED/);
  });

  // spec §3.2: a header value "may use UTF-8"; one a worker set beyond Latin-1 reaches the origin as
  // its UTF-8 bytes (undici refused it, and the request failed with a 502).
  it('a request header value beyond Latin-1 reaches the origin as its UTF-8 bytes', async () => {
    const response = await forwardToOrigin(agent, request('/utf8-header', { headers: [['host', 'www.example.com'], ['x-text', 'snow \u2603 caf\u00e9']] }));
    await bodyOutcome(response.body);
    const head = origin.heads.find((h) => h.startsWith('GET /utf8-header ')) ?? '';
    const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith('x-text:')) ?? '';
    expect(Buffer.from(line.slice('x-text:'.length).trim(), 'latin1').toString('utf8')).toBe('snow \u2603 caf\u00e9');
  });

  it('a request undici will not write (a header value with a line break) is a 502 that says nothing was sent', async () => {
    const error = await forwardToOrigin(agent, request('/', { headers: [['x-injected', 'a\r\nb']] })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OriginUnreachableError);
    expect((error as OriginError).reason).toMatch(/^the request could not be sent to it \(invalid x-injected header\)/);
  });

  it('an origin that accepts and never answers is a 504 once the read timeout passes', async () => {
    const error = await failureOf('/hang');
    expect(error).toBeInstanceOf(OriginTimeoutError);
    expect(error.status).toBe(504);
    expect(error.message).toContain(`no complete response head within the read timeout of ${READ_MS} ms`);
  });

  it('a head sent one byte at a time is bounded by the read timeout as a whole', async () => {
    const error = await failureOf('/trickle-head');
    expect(error).toBeInstanceOf(OriginTimeoutError);
  });

  it('a head followed by silence is a 504: the status is committed only once the body starts', async () => {
    const error = await failureOf('/head-then-silence');
    expect(error).toBeInstanceOf(OriginTimeoutError);
    expect(error.reason).toContain('the response body stalled');
  });
});

describe('forwardToOrigin: origins that fail after the head went out', () => {
  it.each([
    ['/reset-mid-body', OriginUnreachableError, /closed the connection before the response body was complete/],
    ['/bad-chunk-mid-body', OriginProtocolError, /Invalid character in chunk size/],
    ['/short-body', OriginUnreachableError, /closed the connection before the response body was complete/],
  ] as const)('%s: the body fails with an OriginError and the trace hook hears of it once', async (path, kind, reason) => {
    const heard: OriginError[] = [];
    const response = await forwardToOrigin(agent, request(path, { onBodyFailure: (error) => heard.push(error) }));
    expect(response.status).toBe(200);
    const { error } = await bodyOutcome(response.body);
    expect(error).toBeInstanceOf(kind);
    expect((error as OriginError).reason).toMatch(reason);
    expect(heard).toEqual([error]);
  });

  it('a consumer that stops reading is not reported as an origin failure', async () => {
    const heard: OriginError[] = [];
    const progress = { written: 0, finished: false };
    const local = await startRawOrigin({}, streamBytes(8 * 1024 * 1024, progress));
    try {
      const response = await forwardToOrigin(agent, request('/', { origin: local.url, onBodyFailure: (error) => heard.push(error) }));
      const body = response.body as Readable;
      await new Promise((resolve) => body.once('readable', resolve));
      body.destroy();
      await new Promise((resolve) => body.once('close', resolve));
      expect(heard).toEqual([]);
    } finally {
      await local.close();
    }
  });
});

describe('forwardToOrigin: bodies', () => {
  it('a 200 MB body streams with backpressure: the head and first bytes arrive while the origin is far from done', async () => {
    const response = await forwardToOrigin(agent, request('/big'));
    expect(response.status).toBe(200);
    const body = response.body as Readable;
    let received = 0;
    let writtenAtFirstMegabyte = 0;
    for await (const chunk of body) {
      received += (chunk as Buffer).byteLength;
      if (received >= 1024 * 1024) {
        writtenAtFirstMegabyte = big.written;
        break;
      }
    }
    // Socket buffers on both ends plus one stream buffer: a few MB, never the 200 MB.
    expect(big.finished).toBe(false);
    expect(writtenAtFirstMegabyte).toBeLessThan(48 * 1024 * 1024);
  });

  it('HEAD and 204 answer with no body; a healthy origin still answers afterwards', async () => {
    const head = await forwardToOrigin(agent, request('/head', { method: 'HEAD' }));
    expect(head).toMatchObject({ status: 200, body: null });
    const empty = await forwardToOrigin(agent, request('/no-content'));
    expect(empty).toMatchObject({ status: 204, body: null });
    const fine = await forwardToOrigin(agent, request('/fine'));
    expect((await bodyOutcome(fine.body)).text).toBe('fine');
  });
});
