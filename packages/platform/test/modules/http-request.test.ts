import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadableStream } from 'node:stream/web';
import { Agent, MockAgent } from 'undici';
import { runInvocation } from '../../src/host/invocation.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { resolveLimits, TIERS, type Limits } from '../../src/limits.ts';
import { createResponse, readCreatedResponse } from '../../src/modules/create-response/index.ts';
import { httpRequest, SubrequestLimitError, SubrequestHostError, SubrequestTimeoutError } from '../../src/modules/http-request/index.ts';
import { makeContext, readAll, type ContextOptions, type TestContext } from './helpers.ts';
import { startOrigin, type Origin } from './origin-server.ts';

let origin: Origin;
const agent = new Agent();

beforeAll(async () => {
  linkHostRealm();
  origin = await startOrigin();
});
afterAll(async () => {
  await agent.close();
  await origin.close();
});

function ctxFor(options: ContextOptions = {}): TestContext {
  return makeContext({ dispatcher: agent, defaultOrigin: origin.url, ...options });
}

function withRpLimits(patch: Partial<Limits['tierLimits']['responseProvider']>): Limits {
  const base = resolveLimits();
  return { ...base, tierLimits: { ...TIERS[200], responseProvider: { ...TIERS[200].responseProvider, ...patch } } };
}

describe('http-request: the HttpResponse object (spec §10)', () => {
  it('resolves at headers with status, ok, headers and a byte body', async () => {
    const ctx = ctxFor();
    const response = await runInvocation(ctx, () => httpRequest('/hello'));
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.getHeader('Content-Type')).toEqual(['text/plain']);
    expect(response.getHeader('set-cookie')).toEqual(['a=1', 'b=2']);
    // decisions 2: a missing header is undefined
    expect(response.getHeader('x-missing')).toBeUndefined();
    // decisions 16: headers.get joins with ", "
    expect(response.headers.get('x-multi')).toBe('one, two');
    expect(response.headers.get('x-missing')).toBeNull();
    const copy = response.getHeaders();
    expect(copy['x-multi']).toEqual(['one', 'two']);
    copy['x-multi']?.push('three');
    delete copy['content-type'];
    expect(response.getHeader('x-multi')).toEqual(['one', 'two']);
    expect(response.getHeaders()['content-type']).toEqual(['text/plain']);
    const reader = response.body.getReader();
    const first = await reader.read();
    expect(Object.getPrototypeOf(first.value)).toBe(Uint8Array.prototype);
    reader.releaseLock();
  });

  it('text() and json() buffer the body; a second read is a TypeError', async () => {
    const ctx = ctxFor();
    await runInvocation(ctx, async () => {
      const hello = await httpRequest('/hello');
      expect(await hello.text()).toBe('hello');
      await expect(hello.text()).rejects.toThrow(/already read/);
      const json = await httpRequest('/json');
      expect(await json.json()).toEqual({ ok: true, list: [1, 2] });
    });
  });

  it('text() works after response.body was touched but not locked, and through the stream path honours the buffered cap', async () => {
    const ctx = ctxFor({ limits: resolveLimits(200, '2025-03') });
    await runInvocation(ctx, async () => {
      const hello = await httpRequest('/hello');
      expect(hello.body.locked).toBe(false);
      expect(await hello.text()).toBe('hello');
      const big = await httpRequest('/big?bytes=140000');
      expect(big.body.locked).toBe(false);
      await expect(big.text()).rejects.toThrow(/body exceeds the 131072-byte limit/);
    });
  });

  it('cancelling the body is recorded as the body error', async () => {
    const ctx = ctxFor();
    const response = await runInvocation(ctx, () => httpRequest('/big?bytes=100000'));
    await response.body.cancel('not needed');
    expect(ctx.records[0]?.bodyError).toBe('not needed');
    expect(ctx.records[0]?.totalDurationMs).toBeGreaterThanOrEqual(0);
  });

  // spec §10 ⚠ / §25.17: the [DOC] example passes response.headers to createResponse
  it('response.headers can be handed to createResponse', async () => {
    const response = await runInvocation(ctxFor(), () => httpRequest('/hello'));
    const created = readCreatedResponse(createResponse(response.status, response.headers as unknown as Record<string, string>, response.body));
    expect(created?.headers).toEqual(expect.arrayContaining([['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x-multi', 'one'], ['x-multi', 'two'], ['content-type', 'text/plain']]));
    expect(await readAll(created?.body as Parameters<typeof readAll>[0])).toBe('hello');
  });

  // spec §10 [INFERRED]: HTTP error statuses resolve with ok === false
  it('4xx/5xx resolve with ok false', async () => {
    const response = await runInvocation(ctxFor(), () => httpRequest('/status?code=503'));
    expect(response.status).toBe(503);
    expect(response.ok).toBe(false);
  });

  // decisions 24: redirects are not followed
  it('a 3xx resolves as the response', async () => {
    const response = await runInvocation(ctxFor(), () => httpRequest('/redirect'));
    expect(response.status).toBe(302);
    expect(response.getHeader('location')).toEqual(['/hello']);
  });
});

describe('http-request: request options', () => {
  it('sends method, headers and a string body; hop-by-hop headers dropped, Content-Length computed (decisions 25)', async () => {
    const response = await runInvocation(ctxFor(), () =>
      httpRequest('/echo', { method: 'post', body: 'abc', headers: { 'X-Custom': ['v1', 'v2'], Connection: 'close, X-Hop', 'X-Hop': 'h', 'Content-Length': '999', TE: 'trailers', 'X-Num': 7 } as object }),
    );
    const echo = (await response.json()) as { method: string; headers: Record<string, string>; body: string };
    expect(echo.method).toBe('POST');
    expect(echo.body).toBe('abc');
    expect(echo.headers['content-length']).toBe('3');
    expect(echo.headers['x-custom']).toBe('v1, v2');
    expect(echo.headers['x-num']).toBe('7');
    expect(echo.headers.te).toBeUndefined();
    expect(echo.headers['x-hop']).toBeUndefined();
    // the logical host travels in Host, not the local origin's address
    expect(echo.headers.host).toBe('www.example.com');
  });

  it('streams a ReadableStream request body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('chunk1-'));
        c.enqueue(new TextEncoder().encode('chunk2'));
        c.close();
      },
    });
    const response = await runInvocation(ctxFor(), () => httpRequest('/echo', { method: 'PUT', body }));
    expect(((await response.json()) as { body: string }).body).toBe('chunk1-chunk2');
  });

  it('a request body stream with a non-byte chunk fails the sub-request naming the chunk', async () => {
    const body = new ReadableStream({ start: (c) => { c.enqueue(42); c.close(); } });
    await expect(runInvocation(ctxFor(), () => httpRequest('/echo', { method: 'POST', body }))).rejects.toThrow(/failed: httpRequest\(\): options.body stream chunks must be Uint8Array or string; got 42/);
  });

  // decisions 9: GET, HEAD, POST, PUT, DELETE; anything else is a TypeError naming the method
  it.each(['PATCH', 'OPTIONS', 'CONNECT', 'FOO'])('method %s rejects with a TypeError naming it', async (method) => {
    const attempt = runInvocation(ctxFor(), () => httpRequest('/echo', { method }));
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.toThrow(new RegExp(`method "${method}" is not supported; sub-requests allow GET, HEAD, POST, PUT, DELETE`));
  });

  it('HEAD and DELETE are allowed', async () => {
    const ctx = ctxFor();
    expect((await runInvocation(ctx, () => httpRequest('/hello', { method: 'HEAD' }))).status).toBe(200);
    const del = await runInvocation(ctx, () => httpRequest('/echo', { method: 'DELETE' }));
    expect(((await del.json()) as { method: string }).method).toBe('DELETE');
  });

  it.each([[1.5], [0], [-3], ['100']])('timeout %s is a TypeError naming the value', async (timeout) => {
    await expect(runInvocation(ctxFor(), () => httpRequest('/hello', { timeout }))).rejects.toThrow(/options.timeout must be a positive integer number of milliseconds/);
  });

  it('invalid options, headers and bodies are TypeErrors', async () => {
    const ctx = ctxFor();
    await expect(runInvocation(ctx, () => httpRequest('/hello', 'GET'))).rejects.toThrow(/options must be an object.*"GET"/);
    await expect(runInvocation(ctx, () => httpRequest('/hello', { headers: { 'a b': 'x' } }))).rejects.toThrow(/header name "a b"/);
    await expect(runInvocation(ctx, () => httpRequest('/hello', { headers: { a: 'x\ny' } }))).rejects.toThrow(/control character/);
    await expect(runInvocation(ctx, () => httpRequest('/hello', { method: 'POST', body: { a: 1 } }))).rejects.toThrow(/options.body must be a string or a ReadableStream/);
  });

  it('throws a clear error outside any handler invocation', () => {
    expect(() => httpRequest('/hello')).toThrow(/httpRequest\(\) can only be called while an event handler runs/);
  });
});

describe('http-request: URLs and the host policy (decisions 21–23)', () => {
  it('resolves relative URLs against the request scheme and Host and reports the logical URL', async () => {
    const ctx = ctxFor({ requestHost: 'shop.example.com', requestScheme: 'http' });
    await runInvocation(ctx, () => httpRequest('hello?x=1'));
    expect(ctx.records[0]?.url).toBe('http://shop.example.com/hello?x=1');
    expect(ctx.records[0]?.notes.join()).toMatch(/decisions 22/);
  });

  it('a mapped host goes to its base URL (path prefix kept) for both http and https URLs', async () => {
    const ctx = ctxFor({ hosts: { 'api.example.com': `${origin.url}/prefix` } });
    await runInvocation(ctx, async () => {
      for (const scheme of ['https', 'http']) {
        const response = await httpRequest(`${scheme}://API.example.com/items?id=3`);
        const echo = (await response.json()) as { url: string; headers: Record<string, string> };
        expect(echo.url).toBe('/prefix/items?id=3');
        expect(echo.headers.host).toBe('api.example.com');
      }
    });
  });

  it('an unmapped host rejects naming the host and the setting that allows it', async () => {
    const attempt = runInvocation(ctxFor(), () => httpRequest('https://evil.example.net/x'));
    await expect(attempt).rejects.toBeInstanceOf(SubrequestHostError);
    await expect(attempt).rejects.toThrow(/host "evil.example.net" .* not served by the local property.*--host evil.example.net=URL/);
  });

  it('the own host without a default origin is not reachable', async () => {
    const ctx = makeContext({ dispatcher: agent });
    await expect(runInvocation(ctx, () => httpRequest('/x'))).rejects.toThrow(/host "www.example.com"/);
  });

  // spec §10: port numbers are not allowed [INFERRED]
  it.each(['https://www.example.com:8443/x', '//www.example.com:80/x', 'http://user:pw@www.example.com:1/'])('a URL with a port (%s) rejects naming it', async (url) => {
    await expect(runInvocation(ctxFor(), () => httpRequest(url))).rejects.toThrow(/names a port; sub-request URLs may not contain port numbers/);
  });

  // issue 12: the host policy judges the URL as the URL parser resolves it, not as a regex reads it
  it.each(['http://api.example.com:PORT\\@x/', 'https://api.example.com:PORT\\@x/', 'http://api.example.com:PORT\\x', 'HTTP://api.example.com:PORT\\@x/'])('a port hidden behind a backslash (%s) rejects', async (template) => {
    const port = new URL(origin.url).port;
    const url = template.replace('PORT', port);
    const ctx = ctxFor({ hosts: { 'api.example.com': origin.url } });
    await expect(runInvocation(ctx, () => httpRequest(url))).rejects.toThrow(/names a port; sub-request URLs may not contain port numbers/);
    expect(ctx.records).toHaveLength(0);
  });

  it.each(['https://www.example.com:443/x', 'http://www.example.com:80/x', '//www.example.com:443/x', 'https:\t//www.example.com:4\n43/x'])('an explicit default port (%s) rejects too', async (url) => {
    await expect(runInvocation(ctxFor(), () => httpRequest(url))).rejects.toThrow(/names a port/);
  });

  it('a relative URL takes the port of the request Host without naming one; colons elsewhere are no port', async () => {
    const ctx = ctxFor({ requestHost: 'www.example.com:8080', requestScheme: 'http' });
    await runInvocation(ctx, async () => {
      expect((await httpRequest('/hello?at=12:30')).status).toBe(200);
      expect((await httpRequest('https://www.example.com/hello#a:1')).status).toBe(200);
    });
    expect(ctx.records.map((r) => r.url)).toEqual(['http://www.example.com:8080/hello?at=12:30', 'https://www.example.com/hello#a:1']);
  });

  it('userinfo with a colon is not mistaken for a port', async () => {
    const response = await runInvocation(ctxFor(), () => httpRequest('https://user:pw@www.example.com/hello'));
    expect(response.status).toBe(200);
  });

  it('rejects non-http schemes and invalid URLs', async () => {
    await expect(runInvocation(ctxFor(), () => httpRequest('ftp://www.example.com/x'))).rejects.toThrow(/scheme "ftp:"; only http and https/);
    await expect(runInvocation(ctxFor(), () => httpRequest('http://[bad'))).rejects.toThrow(/is not a valid absolute or relative URL/);
  });

  it('works through an undici MockAgent dispatcher', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('http://api.mock').intercept({ path: '/v1/user?id=7', method: 'GET' }).reply(200, '{"name":"Ada"}', { headers: { 'content-type': 'application/json' } });
    const ctx = makeContext({ dispatcher: mock, hosts: { 'api.example.com': 'http://api.mock' } });
    const response = await runInvocation(ctx, () => httpRequest('https://api.example.com/v1/user?id=7'));
    expect(response.getHeader('content-type')).toEqual(['application/json']);
    expect(await response.json()).toEqual({ name: 'Ada' });
    await mock.close();
  });
});

describe('http-request: timeouts (spec §2.6)', () => {
  it('timeout before headers rejects with an Error containing "subrequest to URL … timed out"', async () => {
    const attempt = runInvocation(ctxFor(), () => httpRequest('/slow-headers', { timeout: 50 }));
    await expect(attempt).rejects.toBeInstanceOf(SubrequestTimeoutError);
    await expect(attempt).rejects.toThrow(/^subrequest to URL https:\/\/www.example.com\/slow-headers timed out after 50 ms \(the timeout option\)$/);
  });

  it('the timeout covers the body: a stalled body errors the stream', async () => {
    const ctx = ctxFor();
    const response = await runInvocation(ctx, () => httpRequest('/slow-body', { timeout: 100 }));
    await expect(response.text()).rejects.toThrow(/subrequest to URL .*slow-body timed out/);
    expect(ctx.records[0]?.bodyError).toMatch(/timed out/);
  });

  it('the per-sub-request wall limit applies without a timeout option', async () => {
    const ctx = ctxFor({ limits: withRpLimits({ subrequestWallMs: 60 }) });
    await expect(runInvocation(ctx, () => httpRequest('/slow-headers'))).rejects.toThrow(/timed out after 60 ms \(the per-sub-request wall limit of responseProvider at resource tier 200\)/);
  });
});

describe('http-request: limits (spec §21)', () => {
  it('rejects past the per-handler total with an error naming the limit', async () => {
    const ctx = ctxFor({ handler: 'onClientRequest' });
    await runInvocation(ctx, async () => {
      for (let i = 0; i < 4; i++) await (await httpRequest('/hello')).text();
      const fifth = httpRequest('/hello');
      await expect(fifth).rejects.toBeInstanceOf(SubrequestLimitError);
      await expect(fifth).rejects.toThrow(/sub-request #5 to https:\/\/www.example.com\/hello exceeds the limit of 4 sub-requests per onClientRequest execution at resource tier 200/);
    });
    expect(ctx.records[4]?.error).toMatch(/exceeds the limit/);
  });

  it('queues past the parallel limit instead of rejecting, and records the wait', async () => {
    origin.maxConcurrent = 0;
    const ctx = ctxFor();
    const texts = await runInvocation(ctx, () => Promise.all(Array.from({ length: 7 }, () => httpRequest('/hold').then((r) => r.text()))));
    expect(texts).toEqual(Array(7).fill('held'));
    expect(origin.maxConcurrent).toBe(5);
    expect(ctx.records.filter((r) => r.rateLimitedMs !== undefined)).toHaveLength(2);
    expect(ctx.subrequests.active).toBe(0);
  });

  it('errors the body stream past the response size limit', async () => {
    const ctx = ctxFor({ limits: withRpLimits({ subrequestResponseBytes: 1000 }) });
    const small = await runInvocation(ctx, () => httpRequest('/big?bytes=1000'));
    expect(await readAll(small.body)).toHaveLength(1000);
    const big = await runInvocation(ctx, () => httpRequest('/big?bytes=100000'));
    await expect(readAll(big.body)).rejects.toThrow(/response body exceeds the limit of 1000 bytes per sub-request/);
  });

  it('rejects response headers over 8192 bytes', async () => {
    await expect(runInvocation(ctxFor(), () => httpRequest('/big-headers'))).rejects.toThrow(/response headers take \d+ bytes, over the limit of 8192 bytes/);
  });

  it('the buffered body cap of the 2025-03 profile applies to text()', async () => {
    const ctx = ctxFor({ limits: resolveLimits(200, '2025-03') });
    const response = await runInvocation(ctx, () => httpRequest('/big?bytes=140000'));
    await expect(response.text()).rejects.toThrow(/body exceeds the 131072-byte limit/);
  });
});

describe('http-request: sub-request records (spec §22.5)', () => {
  it('reports at start, when settled and when the body is done', async () => {
    const ctx = ctxFor();
    await runInvocation(ctx, async () => {
      const response = await httpRequest('/hello', { method: 'GET' });
      await response.text();
    });
    expect(ctx.records).toHaveLength(1);
    const [started, settled, done] = ctx.reports;
    expect(started).toMatchObject({ id: 1, method: 'GET', url: 'https://www.example.com/hello', status: undefined, durationMs: undefined });
    expect(settled?.status).toBe(200);
    expect(settled?.durationMs).toBeGreaterThanOrEqual(0);
    expect(settled?.totalDurationMs).toBeUndefined();
    expect(done?.totalDurationMs).toBeGreaterThanOrEqual(0);
    expect(done?.bodyError).toBeUndefined();
  });

  it('records a connection failure as an error', async () => {
    const ctx = ctxFor({ hosts: { 'down.example.com': 'http://127.0.0.1:1' } });
    await expect(runInvocation(ctx, () => httpRequest('https://down.example.com/'))).rejects.toThrow(/subrequest to URL https:\/\/down.example.com\/ failed/);
    expect(ctx.records[0]?.error).toMatch(/failed/);
  });
});
