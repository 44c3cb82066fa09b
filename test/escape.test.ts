/**
 * The escape suite (issue 11, part 2): a real worker (test/fixtures/escape/main.js) served by the
 * real runtime tries to reach the host from every place worker code runs — module top level (at
 * `weft serve` start-up and in `weft validate`'s load check), handlers in an edge thread (`weft
 * serve`'s default, one thread) and handlers in-process (`--threads 0`). Every attempt answers with
 * its verdict, computed inside the worker: whatever it reached that is not of its own realm (an
 * object whose prototype chain does not end at the worker's Object.prototype), a Function
 * constructor that compiles strings (only a host one does), `process`, `require`, an `import()` of
 * a Node built-in. The test asserts nothing escaped and the server still serves afterwards.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, ROOT, weft } from './support/weft-process.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/escape');
const ORIGIN_HOST = 'escape-origin.test';
/** What an escape that got hold of `process` prints (nothing in the suite prints it otherwise). */
const MARKER = 'WEFT-ESCAPE-MARKER';

/** The attempts each handler-placed run makes, by name (the worker's routes /attempt/<name>). */
export const HANDLER_ATTEMPTS = [
  'ctor.request', // request (responseProvider), its methods, getHeaders(), body readers, errors of misuse
  'ctor.request-body', // request.body stream, its reader, read() results, closed promise
  'ctor.httpResponse', // httpRequest promise, httpResponse, headers, getHeaders(), body reader + chunks, text()/json(), rejections (bad URL, unmapped host, bad method, timeout)
  'ctor.streams', // Readable/Writable/TransformStream, controllers handed to start/pull/write/transform, tee, pipeTo, BYOB, strategies, TextEncoderStream/TextDecoderStream chunks and errors
  'ctor.encoding', // TextEncoder/Decoder results, base64/base64url/base16 decode (both formats), atob/btoa errors
  'ctor.crypto', // getRandomValues (and its errors), digest/sign/verify/encrypt/decrypt results, CryptoKey + algorithm + usages, importKey rejections, pem2ab
  'ctor.createResponse', // createResponse results (positional, options, stream body) and its errors
  'ctor.cookies', // Cookies, SetCookie, getAll/names/expires, encode callbacks, errors
  'ctor.url-search-params', // URLSearchParams, iterators and their results, forEach callbacks
  'ctor.log', // logger and every level with toJSON/valueOf/toString-hooked arguments
  'ctor.html-rewriter', // HtmlRewritingStream, the element and receiver of onElement handlers, a handler that throws, output chunks, errors
  'callsites.prepareStackTrace', // Error.prepareStackTrace collecting CallSites (getThis/getFunction/getTypeName/...) in the handler, stream callbacks, promise jobs, sub-request and crypto continuations, thenables, rewriter handlers, built-in errors
  'dynamic-import', // import() of node:fs, node:child_process, fs, data: with specifiers the bundler cannot see
  'globals', // every Node global absent; everything hanging off globalThis of the worker realm
  'pollute.prototypes', // accessors for every name the kernel uses (and status/headers/stack/then/toJSON/...) on Object/Array/Promise/Function/Error/TypedArray/ArrayBuffer prototypes, left armed while the host reads the response
  'hook.methods', // Function.prototype.apply/call/bind/toString, Promise then/catch/finally/resolve/all, Array methods, JSON.parse/stringify, TypedArray/ArrayBuffer slice/subarray/set, Symbol.species on Promise/Array/ArrayBuffer/TypedArrays/RegExp/Map/Set, armed across the host's work
  'hook.object-then', // Object.prototype.then: every plain object a thenable while built-ins and the host await
  'return.thenable', // a thenable returned to the host's await of responseProvider
  'return.proxy', // a Proxy of the createResponse result returned from the handler
  'return.thenable-proxy', // a thenable resolving to a Proxy
  'throw.proxy', // a Proxy thrown from the handler
  'throw.getters', // an object with getters on stack/message/name/constructor/toString/toPrimitive/toJSON/then thrown
  'reject.error-getters', // an Error with accessors on stack/message/name rejected from an async handler
  'callback.stream-source', // a response body whose start/pull/cancel the host drives, with hostile chunks (hooked Uint8Array accessors, a species-hooked subclass, a Proxy) and CallSites in pull
  'callback.transform-and-rewriter', // a response body through a TransformStream (transform/flush) and a rewriter (onElement) that run while the host reads
  'callback.stream-error', // a response body that errors with a Proxy mid-stream (the host's cancel/error path)
  'watchdog.cpu', // a CPU burn past the limit with every method hook armed and CallSites collected (the watchdog or the in-process check ends it)
] as const;

/** Attempts that answer with their own verdict JSON (the others answer with what they returned). */
const ANSWERS_VERDICT = new Set<string>(['ctor.request', 'ctor.request-body', 'ctor.httpResponse', 'ctor.streams', 'ctor.encoding', 'ctor.crypto', 'ctor.createResponse', 'ctor.cookies', 'ctor.url-search-params', 'ctor.log', 'ctor.html-rewriter', 'callsites.prepareStackTrace', 'dynamic-import', 'globals', 'pollute.prototypes', 'hook.methods', 'hook.object-then', 'return.thenable']);

/** Top-level attempts (test/fixtures/escape/main.js topLevelAttempts), run at start-up and in validate. */
export const TOP_LEVEL_ATTEMPTS = [
  'globals at top level (Node globals, globalThis scan)',
  'constructor chains and realm scans of every built-in module export',
  'constructor chains from values built-ins make at top level (encoder results, decoders, base64/16 results, random values, digest/importKey promises and rejections, pem2ab, Cookies/SetCookie, URLSearchParams iterators, streams/controllers/readers/tee/BYOB/writers/strategies, TextEncoderStream/TextDecoderStream, HtmlRewritingStream, httpRequest outside a request, logger)',
  'errors thrown by built-ins at top level (bad labels, bad base64/16, atob/btoa, getRandomValues quota/float, createResponse, rewriter selector, pem2ab)',
  'Error.prepareStackTrace CallSites inside a stream start callback, a built-in error, the top level',
  'import() of node:fs / node:child_process / fs / data: (start-up only; awaited by GET /top)',
] as const;

interface Verdict {
  name: string;
  escaped: string[];
  notes?: string[];
}

interface Finding {
  where: string;
  attempt: string;
  escaped: string[];
}

let origin: Server;
let originUrl: string;
let bundleDir: string;
let validateDir: string;

async function propertyNamesOfKernel(): Promise<string[]> {
  try {
    const { kernelSource } = await import('../packages/runtime/src/sandbox/kernel-script.ts');
    const text = kernelSource();
    const names = new Set<string>();
    for (const match of text.matchAll(/\.([A-Za-z_$][\w$]{2,})\b/g)) names.add(match[1] as string);
    return [...names].filter((name) => !(name in Object.prototype) && name !== 'prototype').slice(0, 600);
  } catch {
    // The platform script does not build yet: the base names only.
    return [];
  }
}

function makeBundle(main: string, names: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-escape-'));
  copyFileSync(path.join(FIXTURES, 'probe.js'), path.join(dir, 'probe.js'));
  copyFileSync(path.join(FIXTURES, 'bundle.json'), path.join(dir, 'bundle.json'));
  copyFileSync(path.join(FIXTURES, 'main.js'), path.join(dir, main === 'main.js' ? 'main.js' : 'worker.js'));
  if (main !== 'main.js') copyFileSync(path.join(FIXTURES, main), path.join(dir, 'main.js'));
  writeFileSync(path.join(dir, 'names.js'), `export const KERNEL_NAMES = ${JSON.stringify(names)};\n`);
  return dir;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await request(url, { headersTimeout: 20_000, bodyTimeout: 20_000 });
  let body = '';
  try {
    body = await response.body.text();
  } catch (error) {
    body = `(body failed: ${error instanceof Error ? error.message : String(error)})`;
  }
  return { status: response.statusCode, body };
}

function parseVerdict(body: string): Verdict | undefined {
  try {
    const parsed = JSON.parse(body) as Verdict;
    return Array.isArray(parsed.escaped) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  origin = createServer((req, res) => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('slow'), 500);
      return;
    }
    if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ hello: ['world'], n: 1 }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`origin ${req.url}`);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  const names = await propertyNamesOfKernel();
  bundleDir = makeBundle('main.js', names);
  validateDir = makeBundle('validate.js', names);
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    origin.close(() => resolve());
    origin.closeAllConnections();
  });
});

async function runServeMode(where: string, extra: string[]): Promise<{ findings: Finding[]; problems: string[] }> {
  const run = weft(['serve', bundleDir, '--port', '0', '--tier', '280', '--origin', originUrl, '--host', `${ORIGIN_HOST}=${originUrl}`, ...extra]);
  const findings: Finding[] = [];
  const problems: string[] = [];
  try {
    const url = await listening(run);
    const listed = await get(`${url}/attempts`);
    expect(listed.status, listed.body).toBe(200);
    expect((JSON.parse(listed.body) as { names: string[] }).names).toEqual([...HANDLER_ATTEMPTS]);

    const top = await get(`${url}/top`);
    const topVerdict = parseVerdict(top.body);
    if (topVerdict === undefined) problems.push(`${where} /top answered ${top.status}: ${top.body.slice(0, 300)}`);
    else if (topVerdict.escaped.length > 0) findings.push({ where, attempt: 'top-level', escaped: topVerdict.escaped });

    const creq = await get(`${url}/creq`);
    const creqVerdict = parseVerdict(creq.body);
    if (creqVerdict === undefined) problems.push(`${where} /creq answered ${creq.status}: ${creq.body.slice(0, 300)}`);
    else if (creqVerdict.escaped.length > 0) findings.push({ where, attempt: 'ctor.onClientRequest', escaped: creqVerdict.escaped });

    for (const name of HANDLER_ATTEMPTS) {
      if (name === 'watchdog.cpu') continue;
      const reply = await get(`${url}/attempt/${encodeURIComponent(name)}`);
      if (ANSWERS_VERDICT.has(name)) {
        const verdict = parseVerdict(reply.body);
        if (verdict === undefined) problems.push(`${where} ${name} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
        else if (verdict.escaped.length > 0) findings.push({ where, attempt: name, escaped: verdict.escaped });
      }
      // Whatever the attempt did, the server keeps serving.
      const control = await get(`${url}/control`);
      if (control.status !== 200 || control.body !== 'control ok') problems.push(`${where} control after ${name}: ${control.status} ${control.body.slice(0, 200)}`);
    }
    const report = await get(`${url}/report`);
    const late = parseVerdict(report.body);
    if (late === undefined) problems.push(`${where} /report answered ${report.status}: ${report.body.slice(0, 300)}`);
    else if (late.escaped.length > 0) findings.push({ where, attempt: 'late hooks (pollution, proxies, thenables, stream callbacks)', escaped: late.escaped });

    // Last: the CPU burn may cost the edge thread (the watchdog ends it) and its module state.
    await get(`${url}/attempt/watchdog.cpu`);
    const afterBurn = await get(`${url}/report`);
    const burnVerdict = parseVerdict(afterBurn.body);
    if (burnVerdict !== undefined && burnVerdict.escaped.length > 0) findings.push({ where, attempt: 'watchdog.cpu', escaped: burnVerdict.escaped });
    const control = await get(`${url}/control`);
    if (control.status !== 200) problems.push(`${where} control after watchdog.cpu: ${control.status}`);
    if (run.output().includes(MARKER)) problems.push(`${where}: the escape marker was printed`);
  } finally {
    run.child.kill('SIGTERM');
    await run.exited;
  }
  return { findings, problems };
}

describe('escape suite: nothing of the host is reachable from worker code', () => {
  it('lists its attempts', () => {
    expect(HANDLER_ATTEMPTS.length).toBeGreaterThan(20);
    expect(TOP_LEVEL_ATTEMPTS.length).toBeGreaterThan(4);
  });

  it('weft validate: the load check runs the top level without an escape', async () => {
    const run = weft(['validate', validateDir]);
    await run.exited;
    const match = /VERDICT (.*?) VERDICT-END/s.exec(run.output());
    expect(match, run.output()).not.toBeNull();
    const escaped = JSON.parse(match?.[1] ?? '[]') as string[];
    expect(escaped, 'top level under weft validate').toEqual([]);
    expect(run.output()).not.toContain(MARKER);
  }, 30_000);

  it('weft serve (one edge thread, the default): start-up and handlers', async () => {
    const { findings, problems } = await runServeMode('edge thread', []);
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('weft serve --threads 0 (in-process): start-up and handlers', async () => {
    const { findings, problems } = await runServeMode('in-process', ['--threads', '0']);
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
