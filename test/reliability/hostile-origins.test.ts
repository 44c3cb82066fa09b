/**
 * Issue 12, group 3: hostile origins, for the origin forward and for sub-requests, and the
 * sub-request host policy. Origins are raw loopback sockets (test/support/raw-origin.ts); Weft runs
 * as `weft serve` (a child process, as a newcomer runs it) where the defaults are under test, and
 * in-process with a short read timeout where the timeout itself is the behaviour under test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEdgeServer, createOutboundAgent, createPipelineHandler, createSandboxProvider, createServices, loadBundle, parseRuntimeOptions, type Trace,
} from '@weft/runtime';
import { answer, refusedPort, startRawOrigin, streamBytes, trickle, type RawOrigin } from '../support/raw-origin.ts';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const BIG_BYTES = 200 * 1024 * 1024;

// One worker for every case: /sub/* makes one sub-request to the URL in x-target (timeout option in
// x-timeout) and answers what the worker saw; /dead routes to an origin id nothing listens on;
// anything else passes through to the default origin.
const WORKER = `import { httpRequest } from 'http-request';
async function probe(url, timeout) {
  try {
    const response = await httpRequest(url, timeout === undefined ? undefined : { timeout });
    let body;
    try { body = 'read ' + (await response.text()).length + ' chars'; }
    catch (error) { body = error.name + ': ' + error.message; }
    return { status: response.status, location: response.getHeader('location'), body };
  } catch (error) {
    return { error: error.name, message: error.message };
  }
}
export async function onClientRequest(request) {
  if (request.path === '/dead') { request.route({ origin: 'dead' }); return; }
  if (!request.path.startsWith('/sub')) return;
  const timeout = request.getHeader('x-timeout');
  const outcome = await probe(request.getHeader('x-target')[0], timeout === undefined ? undefined : Number(timeout[0]));
  request.respondWith(200, { 'content-type': ['application/json'] }, JSON.stringify(outcome));
}
`;

interface Outcome {
  status?: number;
  location?: string[];
  body?: string;
  error?: string;
  message?: string;
}

const big = { written: 0, finished: false };
const subBig = { written: 0, finished: false };

function hostileRoutes(progress: { written: number; finished: boolean }): Parameters<typeof startRawOrigin>[0] {
  return {
    '/bad-chunk': (socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n'),
    '/garbage': (socket) => socket.end('SURELY NOT HTTP\r\n\r\n'),
    '/reset-mid-body': (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nfirst bytes');
      setImmediate(() => socket.resetAndDestroy());
    },
    '/hang': () => undefined,
    '/trickle': trickle('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 1000),
    '/big': streamBytes(BIG_BYTES, progress),
    '/redirect': (socket) => socket.end('HTTP/1.1 302 Found\r\nLocation: http://evil.example.net/steal\r\nContent-Length: 0\r\n\r\n'),
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'weft-hostile-'));
  writeFileSync(path.join(dir, 'main.js'), WORKER);
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0.0' }));
});

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; traceId: string | undefined }> {
  const response = await request(url, { headers: { host: 'www.example.com', ...headers } });
  const text = await response.body.text();
  const id = response.headers['x-weft-trace-id'];
  return { status: response.statusCode, text, traceId: typeof id === 'string' ? id : undefined };
}

async function traceOf(base: string, id: string | undefined): Promise<Trace> {
  if (id === undefined) throw new Error('the reply carries no x-weft-trace-id');
  // The trace completes when the body has finished streaming, which may trail the reply by a little.
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await request(`${base}/__weft/trace/${id}`);
    const trace = (await response.body.json()) as Trace;
    if (response.statusCode === 200 && trace.complete) return trace;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`trace ${id} never completed`);
}

describe('hostile origins behind weft serve (the origin forward)', () => {
  let origin: RawOrigin;
  let run: WeftProcess;
  let url: string;

  beforeAll(async () => {
    origin = await startRawOrigin(hostileRoutes(big), answer('healthy'));
    const dead = await refusedPort();
    run = weft(['serve', path.join(dir, 'main.js'), '--origin', origin.url, '--origin-id', `dead=http://127.0.0.1:${dead}`, '--port', '0']);
    url = await listening(run);
  });
  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
    await origin.close();
  });

  it('invalid chunked framing right after the head answers 502 and the server keeps serving', async () => {
    for (let round = 0; round < 3; round++) {
      const broken = await get(`${url}/bad-chunk`);
      expect(broken.status).toBe(502);
      expect(broken.text).toMatch(/sent an invalid HTTP response: .*Invalid character in chunk size/);
      const healthy = await get(`${url}/fine`);
      expect(healthy).toMatchObject({ status: 200, text: 'healthy' });
    }
    expect(run.child.exitCode).toBeNull();
    const trace = await traceOf(url, (await get(`${url}/bad-chunk`)).traceId);
    expect(trace.origin?.error).toMatch(/Invalid character in chunk size/);
    expect(trace.stages.find((stage) => stage.stage === 'origin')?.status).toBe('Failed');
  });

  it('a status line that is not HTTP, and a refused connection, answer 502 naming the cause', async () => {
    const garbage = await get(`${url}/garbage`);
    expect(garbage.status).toBe(502);
    expect(garbage.text).toMatch(/sent an invalid HTTP response/);
    const refused = await get(`${url}/dead`);
    expect(refused.status).toBe(502);
    expect(refused.text).toMatch(/is unreachable: ECONNREFUSED/);
  });

  it('origins that reset mid-body cut those responses short and nothing else', async () => {
    const cut = await Promise.all(Array.from({ length: 5 }, () => request(`${url}/reset-mid-body`).then(
      async (response) => ({ status: response.statusCode, read: await response.body.text().then(() => 'complete', () => 'cut short') }),
      () => ({ status: 0, read: 'cut short' }),
    )));
    // Whether the head got out before the reset is a race; the body is never complete.
    for (const outcome of cut) expect(outcome.read === 'cut short' || outcome.status === 502).toBe(true);
    expect(await get(`${url}/fine`)).toMatchObject({ status: 200, text: 'healthy' });
    expect(run.child.exitCode).toBeNull();
  });

  // The server holds none of the body: once the client stops reading, the origin gets no further
  // than the buffers between them (sockets, the thread channel's credits) allow, far short of 200 MB.
  it('a 200 MB body streams through: it starts before the origin is done, and a client that stops reading holds the origin back', { timeout: 120_000 }, async () => {
    const response = await request(`${url}/big`);
    expect(response.statusCode).toBe(200);
    const chunks = response.body[Symbol.asyncIterator]();
    let received = 0;
    let finishedAtFirstChunk: boolean | undefined;
    const readUntil = async (bytes: number): Promise<void> => {
      while (received < bytes) {
        const next = await chunks.next();
        if (next.done === true) return;
        finishedAtFirstChunk ??= big.finished;
        received += (next.value as Buffer).byteLength;
      }
    };
    await readUntil(16 * 1024 * 1024);
    // Stop reading until the origin stops writing (its progress unchanged over three looks).
    let still = 0;
    for (let last = -1; still < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      still = big.written === last ? still + 1 : 0;
      last = big.written;
    }
    expect(big.finished).toBe(false);
    expect(big.written - received).toBeLessThan(64 * 1024 * 1024);
    await readUntil(Number.POSITIVE_INFINITY);
    expect(received).toBe(BIG_BYTES);
    expect(finishedAtFirstChunk).toBe(false);
  });
});

describe('hostile origins with a short read timeout (in-process server)', () => {
  const READ_MS = 300;
  let origin: RawOrigin;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    origin = await startRawOrigin(hostileRoutes({ written: 0, finished: false }), answer('healthy'));
    const options = parseRuntimeOptions({ origin: origin.url, name: 'hostile', ewId: 12 });
    const bundle = await loadBundle(dir);
    const sandboxes = createSandboxProvider(bundle, { tier: options.tier, ewId: options.ewId, overrides: { initWallMs: 10_000, initCpuMs: 10_000 } });
    const services = createServices(options, sandboxes.shared.info, { dispatcher: createOutboundAgent({ readMs: READ_MS }) });
    const { handle } = createPipelineHandler(options, sandboxes.shared.info, sandboxes, [], services);
    const server = await createEdgeServer({ handler: handle });
    base = server.url;
    close = async () => {
      await server.close();
      await services.dispatcher.close();
      await origin.close();
    };
  });
  afterAll(() => close());

  it('an origin that accepts and never answers gets 504 naming the read timeout, while others are served', async () => {
    const hanging = get(`${base}/hang`);
    expect(await get(`${base}/fine`)).toMatchObject({ status: 200, text: 'healthy' });
    const reply = await hanging;
    expect(reply.status).toBe(504);
    expect(reply.text).toContain(`timed out: no complete response head within the read timeout of ${READ_MS} ms`);
    const trace = await traceOf(base, reply.traceId);
    expect(trace.origin?.error).toMatch(/read timeout/);
  });

  it('a head sent at one byte a second gets 504 too', async () => {
    const reply = await get(`${base}/trickle`);
    expect(reply.status).toBe(504);
  });

  it('a reset mid-body is recorded in the trace as the reason the response was cut short', async () => {
    const response = await request(`${base}/reset-mid-body`);
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();
    const id = response.headers['x-weft-trace-id'];
    const trace = await traceOf(base, typeof id === 'string' ? id : undefined);
    expect(trace.origin?.error).toMatch(/closed the connection before the response body was complete/);
    expect(trace.warnings.map((warning) => warning.code)).toContain('origin-body');
    expect(trace.response?.truncated).toBe(true);
  });
});

describe('hostile origins and the host policy for sub-requests (http-request, spec §10)', () => {
  let origin: RawOrigin;
  let run: WeftProcess;
  let url: string;
  let deadPort: number;

  beforeAll(async () => {
    origin = await startRawOrigin(hostileRoutes(subBig), answer('healthy'));
    deadPort = await refusedPort();
    run = weft(['serve', path.join(dir, 'main.js'), '--origin', origin.url, '--host', `api.example.com=${origin.url}`, '--host', `dead.example.com=http://127.0.0.1:${deadPort}`, '--port', '0']);
    url = await listening(run);
  });
  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
    await origin.close();
  });

  async function probe(target: string, timeoutMs?: number): Promise<{ outcome: Outcome; traceId: string | undefined }> {
    const reply = await get(`${url}/sub`, { 'x-target': target, ...(timeoutMs === undefined ? {} : { 'x-timeout': String(timeoutMs) }) });
    expect(reply.status, reply.text).toBe(200);
    return { outcome: JSON.parse(reply.text) as Outcome, traceId: reply.traceId };
  }

  it('a mapped host still answers (the baseline the other cases break)', async () => {
    expect((await probe('https://api.example.com/fine')).outcome).toEqual({ status: 200, body: 'read 7 chars' });
  });

  it('refused, invalid HTTP and invalid chunking reject or fail the body with the module\'s errors', async () => {
    const refused = (await probe('https://dead.example.com/x')).outcome;
    expect(refused).toMatchObject({ error: 'SubrequestFailedError' });
    expect(refused.message).toMatch(/^subrequest to URL https:\/\/dead\.example\.com\/x failed: .*ECONNREFUSED/);
    const garbage = (await probe('https://api.example.com/garbage')).outcome;
    expect(garbage).toMatchObject({ error: 'SubrequestFailedError' });
    expect(garbage.message).toMatch(/does not match the HTTP\/1\.1 protocol/);
    // The promise resolves at the head (spec §10); the framing breaks while the body is read.
    const chunked = (await probe('https://api.example.com/bad-chunk')).outcome;
    expect(chunked.status).toBe(200);
    expect(chunked.body).toMatch(/Invalid character in chunk size/);
    const reset = (await probe('https://api.example.com/reset-mid-body')).outcome;
    expect(reset.status).toBe(200);
    expect(reset.body).not.toMatch(/^read/);
    expect(run.child.exitCode).toBeNull();
  });

  it('a hanging origin and a one-byte-a-second origin end in the timeout error edgekv.js matches (§2.6), recorded in the trace', async () => {
    const hang = await probe('https://api.example.com/hang', 300);
    expect(hang.outcome.error).toBe('SubrequestTimeoutError');
    expect(hang.outcome.message).toMatch(/subrequest to URL .* timed out/);
    const trace = await traceOf(url, hang.traceId);
    expect(trace.subrequests[0]?.error).toMatch(/timed out after 300 ms/);
    const slow = (await probe('https://api.example.com/trickle', 300)).outcome;
    expect(slow.error).toBe('SubrequestTimeoutError');
  });

  it('a 200 MB body fails at the per-sub-request size limit without being read to its end', async () => {
    const { outcome } = await probe('https://api.example.com/big');
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatch(/^SubrequestResponseTooLargeError: .*exceeds the limit of 5242880 bytes/);
    expect(subBig.finished).toBe(false);
  });

  it('a port hidden behind a backslash is refused before anything is sent', async () => {
    const port = new URL(origin.url).port;
    const before = origin.heads.length;
    for (const target of [`http://api.example.com:${port}\\@x/`, `https://api.example.com:${port}\\x`]) {
      const { outcome } = await probe(target);
      expect(outcome.error).toBe('TypeError');
      expect(outcome.message).toMatch(/names a port; sub-request URLs may not contain port numbers \(spec §10\)/);
    }
    expect(origin.heads.length).toBe(before);
  });

  it.each([
    'https://evil.example.net/x', 'http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://127.0.0.1/', 'http://[::1]/',
    'http://localhost/', 'http://2130706433/', 'http://0x7f.1/', 'http://api.example.com.evil.example.net/',
  ])('%s: a host the property does not serve is refused, naming the setting that allows it', async (target) => {
    const { outcome } = await probe(target);
    expect(outcome.error).toBe('SubrequestHostError');
    expect(outcome.message).toMatch(/is not served by the local property; .* Allow it with --host \S+=URL/);
  });

  it.each(['ftp://api.example.com/x', 'file:///etc/passwd', 'data:text/plain,hello', 'ws://api.example.com/', 'javascript:alert(1)'])('%s: a non-HTTP scheme is refused', async (target) => {
    const { outcome } = await probe(target);
    expect(outcome.error).toBe('TypeError');
    expect(outcome.message).toMatch(/only http and https are allowed \(spec §10\)/);
  });

  it('a redirect to an unmapped host is not followed: the 3xx is the response (decisions 24)', async () => {
    const before = origin.heads.length;
    const { outcome } = await probe('https://api.example.com/redirect');
    expect(outcome).toMatchObject({ status: 302, location: ['http://evil.example.net/steal'] });
    expect(origin.heads.length).toBe(before + 1);
  });
});
