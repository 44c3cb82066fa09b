/**
 * Hostile clients against a real `weft serve` (issue 12, group 2): requests that break HTTP, smuggle
 * a second request, trickle or vanish, and workers that set header values HTTP cannot carry. Each
 * gets a clear answer for that request alone, nothing leaks into the next request on the
 * connection, and the process keeps serving (the last test checks that it exits cleanly).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWorker, startOrigin, type Origin, type Served } from '../conformance/harness.ts';
import { openSocket, rawExchange, readResponses, type RawResponse } from '../support/raw-http.ts';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const WORKER = String.raw`
function inject(target, path) {
  const method = path.includes('/add') ? 'addHeader' : 'setHeader';
  const value = path.includes('/lf') ? 'ok\nx-injected: 1' : 'ok\r\nx-injected: 1';
  if (path.endsWith('/throw')) return target[method]('x-evil', value);
  try { target[method]('x-evil', value); } catch (e) { target.setHeader('x-caught', e.name); }
}
export function onClientRequest(request) {
  const p = request.path;
  if (p === '/echo' || p === '/info') {
    request.respondWith(200, { 'content-type': 'application/json' }, JSON.stringify({
      method: request.method, host: request.host, path: request.path, query: request.query, url: request.url,
      headers: request.getHeaders(), country: request.userLocation.country, now: Date.now(),
    }));
  }
  if (p === '/utf8/respondWith') request.respondWith(200, { 'x-text': 'snow \u2603 caf\u00e9 \u{1F600}' }, 'respondWith');
  if (p === '/inject/respondWith') request.respondWith(200, { 'x-evil': 'ok\r\nx-injected: 1' }, 'never sent');
  if (p.startsWith('/inject/creq/')) inject(request, p);
}
export function onOriginRequest(request) {
  if (request.path.startsWith('/inject/oreq/')) inject(request, request.path);
}
export function onClientResponse(request, response) {
  const p = request.path;
  if (p === '/utf8/setHeader') response.setHeader('x-text', 'snow \u2603');
  if (p === '/utf8/addHeader') response.addHeader('x-text', ['\u2603', 'caf\u00e9 \u{1F600}']);
  if (p.startsWith('/inject/crsp/')) inject(response, p);
}
`;

/** A header value read as Latin-1 (one char per byte), decoded as the UTF-8 it carries. */
function utf8(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'latin1').toString('utf8');
}

function get(target: string, headers: string[] = [], host = 'hostile.test'): string {
  return `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n`;
}

const CLOSE = 'Connection: close';

describe('hostile clients against weft serve (issue 12)', () => {
  let origin: Origin;
  let run: WeftProcess;
  let url: string;

  /** A plain request on a fresh connection still gets its answer. */
  async function stillServes(): Promise<void> {
    const { responses } = await rawExchange(url, get('/echo?alive=1', [CLOSE]));
    expect(responses.map((r) => r.status)).toEqual([200]);
    expect(JSON.parse(responses[0]?.text() ?? '{}').query).toBe('alive=1');
  }

  /** The one answer of a refused request: its status, Weft's explanation, and a closed connection. */
  async function refused(data: string | Buffer | Array<string | Buffer>, status: number, explanation: RegExp): Promise<RawResponse> {
    const { responses, closed } = await rawExchange(url, data);
    expect(responses.map((r) => r.status)).toEqual([status]);
    const [answer] = responses as [RawResponse];
    expect(answer.text()).toMatch(explanation);
    expect(answer.text()).toMatch(/^weft: /);
    expect(closed).toBe(true);
    await stillServes();
    return answer;
  }

  beforeAll(async () => {
    origin = await startOrigin();
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-hostile-'));
    writeFileSync(path.join(dir, 'main.js'), WORKER);
    run = weft(['serve', path.join(dir, 'main.js'), '--origin', origin.url, '--port', '0']);
    url = await listening(run);
  });

  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
    await origin.close();
  });

  describe('header values from the worker', () => {
    // spec §3.2: "The value may use UTF-8 but no C0 controls": such a value goes out as UTF-8 bytes
    // (it used to kill the process with ERR_INVALID_CHAR from node:_http_outgoing).
    it.each([
      ['/utf8/respondWith', ['snow ☃ café 😀']],
      ['/utf8/setHeader', ['snow ☃']],
      ['/utf8/addHeader', ['☃', 'café 😀']],
    ])('%s: a value beyond Latin-1 goes out as its UTF-8 bytes', async (target, expected) => {
      const { responses } = await rawExchange(url, get(target, [CLOSE]));
      expect(responses.map((r) => r.status)).toEqual([200]);
      const values = (responses[0] as RawResponse).headers.filter(([name]) => name.toLowerCase() === 'x-text').map(([, value]) => utf8(value));
      expect(values).toEqual(expected);
      await stillServes();
    });

    // spec §3.2 ("no C0 controls") and [INFERRED] invalid values throw TypeError: CR/LF never reach the wire.
    it.each(['creq', 'oreq'])('request.setHeader/addHeader in %s refuse CR and LF with a TypeError', async (where) => {
      for (const variant of ['set', 'add', 'set/lf', 'add/lf']) {
        const seen = origin.seen.length;
        const { responses } = await rawExchange(url, get(`/inject/${where}/${variant}/catch`, [CLOSE]));
        expect(responses.map((r) => r.status)).toEqual([200]);
        const forwarded = origin.seen.slice(seen).find((r) => r.url.startsWith('/inject/'));
        expect(forwarded?.headers['x-caught']).toBe('TypeError');
        expect(forwarded?.headers['x-evil']).toBeUndefined();
        expect(forwarded?.headers['x-injected']).toBeUndefined();
      }
    });

    it('response.setHeader/addHeader in onClientResponse refuse CR and LF with a TypeError', async () => {
      for (const variant of ['set', 'add', 'set/lf', 'add/lf']) {
        const { responses, raw } = await rawExchange(url, get(`/inject/crsp/${variant}/catch`, [CLOSE]));
        expect(responses.map((r) => r.status)).toEqual([200]);
        expect(responses[0]?.header('x-caught')).toBe('TypeError');
        expect(raw.toString('latin1')).not.toMatch(/x-injected|x-evil/i);
      }
    });

    // §2.6: an uncaught exception fails the request with 500 (AkamaiGHost); the injected line is nowhere.
    it.each(['/inject/creq/set/throw', '/inject/oreq/add/throw', '/inject/crsp/set/throw', '/inject/respondWith'])('%s: the handler fails with 500 and nothing injected reaches the wire', async (target) => {
      const seen = origin.seen.length;
      const { responses, raw } = await rawExchange(url, get(target, [CLOSE]));
      expect(responses.map((r) => r.status)).toEqual([500]);
      expect(responses[0]?.header('server')).toBe('AkamaiGHost');
      expect(raw.toString('latin1')).not.toMatch(/x-injected|x-evil/i);
      expect(origin.seen.slice(seen).some((r) => r.headers['x-injected'] !== undefined || r.headers['x-evil'] !== undefined)).toBe(false);
      await stillServes();
    });
  });

  describe('request targets', () => {
    // RFC 9112 §3.2.2: the path comes from the target and the host from its authority, not from Host.
    it('an absolute-form target reaches the worker as path /info and host www.example.com', async () => {
      const { responses } = await rawExchange(url, get('http://www.example.com/info?x=1', [CLOSE], 'other.example'));
      expect(responses.map((r) => r.status)).toEqual([200]);
      const seen = JSON.parse(responses[0]?.text() ?? '{}');
      expect(seen).toMatchObject({ host: 'www.example.com', path: '/info', query: 'x=1', url: '/info?x=1' });
      expect(seen.headers.host).toEqual(['www.example.com']);
    });

    it('an absolute-form target is forwarded to the origin in origin-form with the target host', async () => {
      const seen = origin.seen.length;
      const { responses } = await rawExchange(url, get('HTTP://www.example.com:8080', [CLOSE], 'other.example'));
      expect(responses.map((r) => r.status)).toEqual([200]);
      const forwarded = origin.seen[seen];
      expect(forwarded?.url).toBe('/');
      expect(forwarded?.headers.host).toBe('www.example.com:8080');
    });

    it.each([
      ['ftp://www.example.com/file', /scheme "ftp"/],
      ['http://user:secret@www.example.com/', /user information/],
      ['http:///nohost', /names no host/],
      ['relative/path', /starting with "\/"/],
      ['*', /only valid for OPTIONS/],
      ['/echo#fragment', /fragment is never sent/],
      ['/__weft/trace/%ZZ', /not followed by two hexadecimal digits/],
    ])('refuses the target %s with 400', async (target, explanation) => {
      await refused(get(target), 400, explanation);
    });

    it.each(['/../etc/passwd', '/a/../../etc/passwd', '/%2e%2e/etc/passwd', '/a/.%2E/%2e./x', '/a/..%2f..%2fetc/passwd', '/a/..%5C..%5Cwin.ini', '/..?q=1'])(
      'refuses the traversal %s with 400',
      async (target) => {
        const seen = origin.seen.length;
        await refused(get(target), 400, /climbs above the root/);
        expect(origin.seen.length).toBe(seen);
      },
    );

    it('passes dot segments that stay under the root as sent (spec §3.1: the raw path)', async () => {
      const seen = origin.seen.length;
      const { responses } = await rawExchange(url, get('/a/b/../c/./d', [CLOSE]));
      expect(responses.map((r) => r.status)).toEqual([200]);
      expect(origin.seen[seen]?.url).toBe('/a/b/../c/./d');
    });

    it('refuses bytes outside ASCII in the target with 400 (RFC 3986 §2.1: percent-encode them)', async () => {
      await refused(Buffer.concat([Buffer.from('GET /caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from(' HTTP/1.1\r\nHost: a\r\n\r\n')]), 400, /percent-encode/);
    });
  });

  describe('malformed requests', () => {
    it.each([
      ['no method', 'GARBAGE\r\n\r\n'],
      ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: a\r\n\r\n'],
      ['an unknown version', 'GET / HTTP/7.3\r\nHost: a\r\n\r\n'],
      ['bare LF line ends', 'GET / HTTP/1.1\nHost: a\n\n'],
      ['a CR inside a header value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n'],
      ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n'],
      ['a control character in the target', 'GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n'],
      ['binary noise', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])],
    ])('%s: 400 with an explanation, connection closed', async (_name, data) => {
      await refused(data, 400, /not valid|request line|CRLF|percent-encode|RFC 9112/);
    });

    it('headers of 100 KB: 431', async () => {
      await refused(get('/echo', [`X-Big: ${'a'.repeat(100 * 1024)}`]), 431, /headers are larger than the server accepts/);
    });

    it('thousands of header lines: 431 rather than a request silently cut short', async () => {
      const lines = Array.from({ length: 3000 }, (_, i) => `a${i % 10}:b`);
      await refused(get('/echo', lines), 431, /more than 1000 header lines/);
    });

    it('hundreds of header lines are served whole', async () => {
      const lines = Array.from({ length: 900 }, (_, i) => `x-h${i}: ${i}`);
      const { responses } = await rawExchange(url, get('/echo', [...lines, CLOSE]));
      expect(responses.map((r) => r.status)).toEqual([200]);
      expect(JSON.parse(responses[0]?.text() ?? '{}').headers['x-h899']).toEqual(['899']);
    });

    it('two Host lines, or none in HTTP/1.1: 400 (RFC 9112 §3.2); HTTP/1.0 without Host is served', async () => {
      await refused('GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, /2 Host header lines/);
      await refused('GET /echo HTTP/1.1\r\n\r\n', 400, /no Host header/);
      const { responses } = await rawExchange(url, 'GET /echo HTTP/1.0\r\n\r\n');
      expect(responses.map((r) => r.status)).toEqual([200]);
    });
  });

  describe('bodies and smuggling', () => {
    const post = (headers: string[], body: string): string => `POST /upload HTTP/1.1\r\nHost: a\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
    const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n';

    it.each([
      ['Content-Length with Transfer-Encoding', post(['Content-Length: 4', 'Transfer-Encoding: chunked'], `0\r\n\r\n${smuggled}`)],
      ['Transfer-Encoding with Content-Length', post(['Transfer-Encoding: chunked', 'Content-Length: 40'], `0\r\n\r\n${smuggled}`)],
      ['two different Content-Lengths', post(['Content-Length: 5', 'Content-Length: 40'], `hello${smuggled}`)],
      ['a list of Content-Lengths', post(['Content-Length: 5, 40'], `hello${smuggled}`)],
      ['a negative Content-Length', post(['Content-Length: -1'], smuggled)],
      ['a Transfer-Encoding that does not end in chunked', post(['Transfer-Encoding: chunked, gzip'], `0\r\n\r\n${smuggled}`)],
      ['an obfuscated Transfer-Encoding', post(['Transfer-Encoding : chunked', 'Content-Length: 4'], `0\r\n\r\n${smuggled}`)],
    ])('%s: 400, and the hidden request never runs', async (_name, data) => {
      const seen = origin.seen.length;
      await refused(data, 400, /framing|RFC 9112|not valid/);
      expect(origin.seen.slice(seen).map((r) => r.url)).not.toContain('/smuggled');
    });

    it('an invalid chunk size: 400 for that request, connection closed', async () => {
      await refused(post(['Transfer-Encoding: chunked'], 'zz\r\nhello\r\n0\r\n\r\n'), 400, /chunk/);
    });

    it('a chunk longer than its size: 400', async () => {
      await refused(post(['Transfer-Encoding: chunked'], '2\r\nhello\r\n0\r\n\r\n'), 400, /framing|not valid/);
    });

    it('bytes past the Content-Length are read as the next request, answered after the first', async () => {
      const seen = origin.seen.length;
      const { responses, closed } = await rawExchange(url, post(['Content-Length: 5'], 'helloGARBAGE / HTTP/1.1\r\n\r\n'));
      expect(responses.map((r) => r.status)).toEqual([200, 400]);
      expect(responses[0]?.text()).toBe('origin: POST /upload body=hello');
      expect(closed).toBe(true);
      expect(origin.seen.slice(seen).map((r) => r.body)).toEqual(['hello']);
      await stillServes();
    });

    it('a client that vanishes mid-body leaves the server serving', async () => {
      const socket = await openSocket(url);
      socket.write(post(['Content-Length: 100000'], 'only a little'));
      socket.destroy();
      const chunked = await openSocket(url);
      chunked.write(post(['Transfer-Encoding: chunked'], '5\r\nhel'));
      chunked.end();
      await readResponses(chunked);
      await stillServes();
    });

    it('a body shorter than its Content-Length, then a half-close: 400, and the origin gets no request from it', async () => {
      const seen = origin.seen.length;
      const { responses } = await rawExchange(url, post(['Content-Length: 50'], 'short'), { end: true });
      expect(responses.map((r) => r.status)).toEqual([400]);
      expect(responses[0]?.text()).toMatch(/before the request was complete/);
      expect(origin.seen.slice(seen).some((r) => r.body === 'short')).toBe(false);
      await stillServes();
    });
  });

  describe('pipelining', () => {
    it('answers pipelined requests in order, each with its own body and query', async () => {
      const seen = origin.seen.length;
      const data = [
        'POST /p1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\none',
        get('/echo?n=2'),
        'POST /p3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nthree\r\n0\r\n\r\n',
        get('/p4?n=4', [CLOSE]),
      ].join('');
      const { responses } = await rawExchange(url, data);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(responses.map((r) => r.text().replace(/"now":\d+/, ''))[0]).toBe('origin: POST /p1 body=one');
      expect(JSON.parse(responses[1]?.text() ?? '{}').query).toBe('n=2');
      expect(responses[2]?.text()).toBe('origin: POST /p3 body=three');
      expect(responses[3]?.text()).toBe('origin: GET /p4?n=4');
      // The origin may receive them in any order (each is forwarded as soon as it is read); each carries its own body.
      expect(origin.seen.slice(seen).map((r) => [r.url, r.body]).sort()).toEqual([['/p1', 'one'], ['/p3', 'three'], ['/p4?n=4', '']]);
    });

    it('a malformed request after good ones: the good ones are answered first, then 400 and close', async () => {
      const { responses, closed } = await rawExchange(url, [get('/echo?n=1'), get('/p2'), 'BROKEN LINE\r\n\r\n', get('/echo?n=never')].join(''));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 400]);
      expect(JSON.parse(responses[0]?.text() ?? '{}').query).toBe('n=1');
      expect(responses[1]?.text()).toBe('origin: GET /p2');
      expect(closed).toBe(true);
    });

    // An answer that closes the connection (a refusal, the failure page of §2.6) ends it for the
    // requests pipelined behind: they never run, so they reach neither the worker nor the origin.
    it.each([
      ['a refused target', get('/../etc/passwd'), 400],
      ['a failing handler', get('/inject/creq/set/throw'), 500],
    ])('requests pipelined behind %s never run', async (_name, first, status) => {
      const marker = `/never-run-${status}`;
      const { responses, closed } = await rawExchange(url, [first, get(marker), get(`${marker}?again`, [CLOSE])].join(''));
      expect(responses.map((r) => r.status)).toEqual([status]);
      expect(closed).toBe(true);
      // A request on a new connection, forwarded after the pipelined ones would have been.
      await rawExchange(url, get('/marker', [CLOSE]));
      expect(origin.seen.map((r) => r.url).filter((seenUrl) => seenUrl.startsWith('/never-run'))).toEqual([]);
    });

    it('a simulation header refused on one request leaves the next on the connection untouched', async () => {
      const { responses } = await rawExchange(url, [get('/echo', ['x-weft-location: nonsense']), get('/echo?n=2', [CLOSE])].join(''));
      expect(responses.map((r) => r.status)).toEqual([400, 200]);
      const next = JSON.parse(responses[1]?.text() ?? '{}');
      expect(next.country).toBeUndefined();
      expect(Object.keys(next.headers).filter((name) => name.startsWith('x-weft'))).toEqual([]);
    });
  });

  describe('bytes that are not UTF-8', () => {
    // RFC 9110 §5.5: obs-text in a field value is opaque data; it passes byte for byte.
    it('a header value with non-UTF-8 bytes reaches the origin byte for byte', async () => {
      const seen = origin.seen.length;
      const value = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0x80]);
      const { responses } = await rawExchange(url, Buffer.concat([Buffer.from('GET /bytes HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Bytes: '), value, Buffer.from('\r\n\r\n')]));
      expect(responses.map((r) => r.status)).toEqual([200]);
      const raw = origin.seen[seen]?.rawHeaders ?? [];
      expect(Buffer.from(raw[raw.findIndex((name) => name.toLowerCase() === 'x-bytes') + 1] ?? '', 'latin1')).toEqual(value);
    });

    it('non-UTF-8 bytes in a simulation header are a field value like any other', async () => {
      const { responses } = await rawExchange(url, Buffer.concat([Buffer.from('GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nx-weft-location: country='), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\r\n\r\n')]));
      expect(responses.map((r) => r.status)).toEqual([200]);
      expect(Buffer.from(JSON.parse(responses[0]?.text() ?? '{}').country, 'latin1')).toEqual(Buffer.from([0xc3, 0x28, 0xff]));
    });
  });

  describe('simulation headers (docs/decisions.md, local simulation)', () => {
    it.each([
      ['x-weft-location', 'country'],
      ['x-weft-location', 'planet=Mars'],
      ['x-weft-location', '=FR'],
      ['x-weft-device', 'isMobile=yes'],
      ['x-weft-device', 'resolutionWidth=NaN'],
      ['x-weft-device', 'xhtmlSupportLevel=1e400'],
      ['x-weft-device', '__proto__=1'],
      ['x-weft-bot', 'segment=robot'],
      ['x-weft-bot', 'action=maybe'],
      ['x-weft-bot', 'score=99'],
      ['x-weft-client-ip', '999.1.1.1'],
      ['x-weft-client-ip', 'ip=::g'],
      ['x-weft-client-ip', ''],
      ['x-weft-variables', 'pmuser_lower=1'],
      ['x-weft-variables', 'PMUSER_A'],
      ['x-weft-variables', 'constructor=1'],
      ['x-weft-now', 'yesterday'],
      ['x-weft-now', '2026-13-45T99:99:99Z'],
      ['x-weft-now', '1767225600000'],
    ])('%s: %j answers 400 naming the header, and the connection serves on', async (name, value) => {
      const { responses } = await rawExchange(url, [get('/echo', [`${name}: ${value}`]), get('/echo?after=1', [CLOSE])].join(''));
      expect(responses.map((r) => r.status)).toEqual([400, 200]);
      expect(responses[0]?.text()).toMatch(new RegExp(`^weft: ${name}: \\S`));
    });

    // issue 12 group 6: whatever a client puts in a simulation header, the answer is a 400 that
    // names the header, or the value parses; never a 500, never a dead server.
    it('random values in every simulation header answer 400 with a message or parse (property)', async () => {
      const names = ['x-weft-location', 'x-weft-device', 'x-weft-bot', 'x-weft-client-ip', 'x-weft-variables', 'x-weft-now'];
      const keys = fc.constantFrom('country', 'city', 'areaCodes', 'isMobile', 'resolutionWidth', 'xhtmlSupportLevel', 'segment', 'action', 'ip', 'PMUSER_A', '__proto__', 'constructor', '', ' ');
      // Field values a client can send: HTAB, visible ASCII, and obs-text bytes (RFC 9110 §5.5).
      const fieldChar = fc.oneof(fc.constantFrom('=', ';', ',', ' ', '\t', '.', ':', '-', 'T', 'Z', '\xe9', '\xff'), fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)));
      const text = fc.string({ unit: fieldChar, maxLength: 40 });
      const value = fc.oneof(text, fc.array(fc.tuple(keys, text), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), value, async (name, raw) => {
          const response = await request(`${url}/echo`, { headers: { [name]: raw } });
          const body = await response.body.text();
          const allowed = name === 'x-weft-bot' ? [200, 400, 403] : [200, 400];
          expect(allowed, `${name}: ${JSON.stringify(raw)} -> ${response.statusCode} ${body}`).toContain(response.statusCode);
          if (response.statusCode === 400) expect(body).toMatch(new RegExp(`^weft: ${name}: \\S`));
        }),
        { numRuns: 200 },
      );
    });
  });

  it('is still the same process, and exits cleanly', async () => {
    await stillServes();
    expect(run.child.exitCode).toBeNull();
    expect(run.output()).not.toMatch(/ERR_INVALID_CHAR|Uncaught|node:internal/);
  });
});

describe('createResponse header values (real edge server, in-process)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveWorker(String.raw`
import { createResponse } from 'create-response';
export function responseProvider(request) {
  if (request.path === '/utf8') return createResponse(200, { 'x-text': 'snow \u2603 caf\u00e9' }, 'created');
  if (request.path === '/inject') return createResponse(200, { 'x-evil': 'ok\r\nx-injected: 1' }, 'never sent');
  if (request.path === '/del') return createResponse(200, { 'x-evil': 'a\x7fb' }, 'never sent');
  if (request.path === '/read') return request.text().then((text) => createResponse(200, {}, 'read ' + text.length));
  return createResponse(200, {}, 'plain');
}
`, { options: { responseProviderFailure: 'error' } });
  });
  afterAll(async () => { await served.close(); });

  it('a createResponse header beyond Latin-1 goes out as UTF-8 bytes (spec §3.2, §9)', async () => {
    const { responses } = await rawExchange(served.url, get('/utf8', [CLOSE]));
    expect(responses.map((r) => r.status)).toEqual([200]);
    expect(utf8(responses[0]?.header('x-text'))).toBe('snow ☃ café');
  });

  // spec §9: names and values must follow RFC 7230 §3.2, otherwise createResponse throws; with
  // responseProviderFailure "error" (decision 1) the request fails with 500, and only it.
  // The failure page closes its connection (Connection: close, as AkamaiGHost's does), so the next request comes on a new one.
  it.each(['/inject', '/del'])('%s: createResponse refuses the value, the request fails with 500, the next one is served', async (target) => {
    const { responses, raw } = await rawExchange(served.url, [get(target), get('/next', [CLOSE])].join(''));
    expect(responses.map((r) => r.status)).toEqual([500]);
    expect(raw.toString('latin1')).not.toMatch(/x-injected|x-evil/i);
    const next = await rawExchange(served.url, get('/next', [CLOSE]));
    expect(next.responses.map((r) => r.text())).toEqual(['plain']);
  });

  it('a responseProvider reading the body of a client that vanishes, or sends broken chunks, leaves the server serving', async () => {
    const socket = await openSocket(served.url);
    socket.write('POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nonly a little');
    socket.destroy();
    const { responses } = await rawExchange(served.url, 'POST /read HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n');
    expect(responses.map((r) => r.status)).toEqual([400]);
    expect(responses[0]?.text()).toMatch(/chunk/);
    const whole = await rawExchange(served.url, 'POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    expect(whole.responses.map((r) => r.text())).toEqual(['read 5']);
  });
});
