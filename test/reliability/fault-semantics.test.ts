/**
 * Issue 12, group 1: every way a handler can fail ends in the documented status and error name for
 * that request alone (spec §2.6, §1.5, §21.1), and a plain request sent right after, to the same
 * `weft serve`, still answers 200. Run with an edge thread (the default) and in-process
 * (`--threads 0`). In-process has no CPU guard (weft serve --help): a runaway there would hang the
 * server, so CPU-runaway cases run under the edge thread only, where the watchdog ends them.
 *
 * Tier 100 keeps the limits short (§21.1: 10 ms CPU per handler, 100 ms for responseProvider, 4 s
 * wall); `responseProviderFailure: "error"` makes a failed responseProvider the 500 of §2.6 rather
 * than a forward to the origin (decision 1).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const WORKER = `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { ReadableStream } from 'streams';
import { HtmlRewritingStream } from 'html-rewriter';
import { TextEncoder } from 'encoding';

const boom = () => { throw new Error('hostile trap'); };
const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty',
  'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
function hostileProxy(target) {
  const handler = {};
  for (const trap of TRAPS) handler[trap] = boom;
  return new Proxy(target, handler);
}
const KEYS = ['name', 'message', 'stack', 'constructor', 'toString', 'valueOf', 'toJSON', 'status', 'headers', 'body',
  Symbol.toPrimitive, Symbol.toStringTag];
function getterBomb(base, withThen) {
  for (const key of withThen ? [...KEYS, 'then'] : KEYS) Object.defineProperty(base, key, { get: boom, configurable: true });
  return base;
}
/** An endless chain of microtasks: the event loop never turns again. */
function spin() { Promise.resolve().then(spin); }
function flood(count) {
  return new Promise((resolve) => { let n = 0; const step = () => (++n >= count ? resolve(n) : Promise.resolve().then(step)); step(); });
}
const bytes = (text) => new TextEncoder().encode(text);
function html() {
  return new ReadableStream({ start(c) { c.enqueue(bytes('<html><body><p>one</p><p>two</p></body></html>')); c.close(); } });
}
const respond = (body) => createResponse(200, { 'content-type': ['text/plain'] }, body);

const CREQ = {
  '/ok': (request) => request.respondWith(200, { 'content-type': ['text/plain'] }, 'ok'),
  '/return-getters': () => getterBomb({}, false),
  '/throw-getters': () => { throw getterBomb(new Error('hostile error'), true); },
  '/throw-object-getters': () => { throw getterBomb({}, true); },
  '/then-getter-throws': () => ({ get then() { throw new Error('then getter'); } }),
  '/then-throws': () => ({ then() { throw new Error('then itself'); } }),
  '/self-thenable': () => { const self = { then(resolve) { resolve(self); } }; return self; },
  '/throw-proxy': () => { throw hostileProxy({}); },
  '/throw-function-proxy': () => { throw hostileProxy(function f() {}); },
  '/return-proxy': () => hostileProxy({}),
  '/reject-getters': async () => { await null; throw getterBomb(new Error('hostile rejection'), true); },
  '/reject-proxy': () => Promise.reject(hostileProxy({})),
  '/never-settles': () => new Promise(() => {}),
  '/flood-then-respond': async (request) => { await flood(2000); request.respondWith(200, {}, 'flooded'); },
  '/loop-before-respond': async (request) => { await null; spin(); await new Promise(() => {}); request.respondWith(200, {}, 'unreachable'); },
  '/loop-after-respond': (request) => { request.respondWith(200, {}, 'responded'); spin(); },
};

const RP = {
  '/rp/held': async () => respond(await (await httpRequest('/held')).text()),
  '/rp/start-throws': () => respond(new ReadableStream({ start() { throw new Error('start'); } })),
  '/rp/pull-throws': () => respond(new ReadableStream({ pull() { throw new Error('pull'); } })),
  '/rp/pull-throws-later': () => {
    let sent = false;
    return respond(new ReadableStream({ pull(c) { if (sent) throw new Error('pull later'); sent = true; c.enqueue(bytes('first')); } }));
  },
  '/rp/pull-rejects-proxy': () => respond(new ReadableStream({ pull() { return Promise.reject(hostileProxy({})); } })),
  '/rp/cancel-throws': () => respond(new ReadableStream({ pull(c) { c.enqueue('not bytes'); }, cancel() { throw new Error('cancel'); } })),
  '/rp/start-loops': () => respond(new ReadableStream({ start() { for (;;); } })),
  '/rp/pull-loops': () => respond(new ReadableStream({ pull() { for (;;); } })),
  '/rp/pull-spins': () => respond(new ReadableStream({ pull() { spin(); return new Promise(() => {}); } })),
  '/rp/pull-loops-later': () => {
    let sent = false;
    return respond(new ReadableStream({ pull(c) { if (sent) for (;;); sent = true; c.enqueue(bytes('first')); } }));
  },
  '/rp/pull-spins-later': () => {
    let sent = false;
    return respond(new ReadableStream({ pull(c) { if (sent) { spin(); return new Promise(() => {}); } sent = true; c.enqueue(bytes('first')); } }));
  },
  '/rp/rewriter-throws': () => {
    const rewriter = new HtmlRewritingStream();
    rewriter.onElement('p', () => { throw new Error('rewriter handler'); });
    return respond(html().pipeThrough(rewriter));
  },
  '/rp/rewriter-hostile-result': () => {
    const rewriter = new HtmlRewritingStream();
    rewriter.onElement('p', () => getterBomb({}, true));
    return respond(html().pipeThrough(rewriter));
  },
  '/rp/rewriter-loops': () => {
    const rewriter = new HtmlRewritingStream();
    rewriter.onElement('p', () => { for (;;); });
    return respond(html().pipeThrough(rewriter));
  },
};

export function onClientRequest(request) {
  const route = CREQ[request.path];
  if (route !== undefined) return route(request);
}

export function responseProvider(request) {
  const route = RP[request.path];
  if (route !== undefined) return route(request);
  return respond('rp ok');
}
`;

interface Reply {
  status: number;
  body: string;
  /** The body ended early (the response was cut, as a streaming responseProvider failure does, §2.6). */
  cut: boolean;
  traceId: string | undefined;
  failure: string | undefined;
}

interface TraceView {
  stages: Array<{ stage: string; status: string; error?: { name: string; message: string } }>;
  response?: { status: number; source: string; truncated?: boolean; truncatedBy?: string };
}

let origin: Server;
let originUrl: string;
let dir: string;

/** The origin holds every GET /held until the test releases them; later ones it answers at once. */
const held = { released: false, replies: [] as ServerResponse[], arrivals: [] as Array<() => void> };

function heldArrived(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => (held.replies.length >= count ? resolve() : void held.arrivals.push(check));
    check();
  });
}

function releaseHeld(): void {
  held.released = true;
  for (const reply of held.replies.splice(0)) reply.end('held ok');
}

beforeAll(async () => {
  origin = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (req.url === '/held' && !held.released) {
      held.replies.push(res);
      for (const check of held.arrivals.splice(0)) check();
      return;
    }
    res.end(req.url === '/held' ? 'held ok' : 'origin ok');
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'weft-faults-'));
  writeFileSync(path.join(dir, 'main.js'), WORKER);
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0.0', description: 'fault semantics' }));
  writeFileSync(path.join(dir, 'weft.json'), JSON.stringify({ tier: 100, responseProviderFailure: 'error' }));
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    origin.close(() => resolve());
    origin.closeAllConnections();
  });
});

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

describe.each([
  ['one edge thread (the default)', [], true],
  ['--threads 0 (in-process)', ['--threads', '0'], false],
] as const)('fault semantics under weft serve, %s', (_label, extra, watchdog) => {
  let run: WeftProcess;
  let url: string;

  beforeAll(async () => {
    run = weft(['serve', dir, '--origin', originUrl, '--port', '0', '--config', path.join(dir, 'weft.json'), ...extra]);
    url = await listening(run);
  });

  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
  });

  async function get(route: string): Promise<Reply> {
    const response = await request(`${url}${route}`, { headersTimeout: 30_000, bodyTimeout: 30_000 });
    let body = '';
    let cut = false;
    try {
      body = await response.body.text();
    } catch {
      cut = true;
    }
    return { status: response.statusCode, body, cut, traceId: header(response.headers['x-weft-trace-id']), failure: header(response.headers['x-weft-failure']) };
  }

  /** As `get`, but a connection closed before any head is status 0, cut. */
  async function attempt(route: string): Promise<Reply> {
    try {
      return await get(route);
    } catch {
      return { status: 0, body: '', cut: true, traceId: undefined, failure: undefined };
    }
  }

  async function trace(reply: Reply): Promise<TraceView> {
    expect(reply.traceId, `no trace id (status ${reply.status}: ${reply.body.slice(0, 200)})`).toBeDefined();
    const response = await request(`${url}/__weft/trace/${reply.traceId}`);
    expect(response.statusCode).toBe(200);
    return (await response.body.json()) as TraceView;
  }

  async function stage(reply: Reply, name: string): Promise<TraceView['stages'][number] | undefined> {
    return (await trace(reply)).stages.find((entry) => entry.stage === name);
  }

  /** The plain request right after a fault: same server, answers 200. */
  async function stillServes(): Promise<void> {
    const plain = await get('/ok');
    expect(plain.status, plain.body).toBe(200);
    expect(plain.body).toBe('ok');
  }

  /** §2.6: an uncaught exception or rejected handler promise fails the request with 500; the status is ExecutionError. */
  async function expectHandlerFailure(route: string, handler = 'onClientRequest', status = 'ExecutionError'): Promise<void> {
    const reply = await get(route);
    expect(reply.status, `${route}: ${reply.body}`).toBe(500);
    expect(reply.body).toContain('An error occurred while processing your request.');
    const failed = await stage(reply, handler);
    expect(failed?.status).toBe(status);
    expect(failed?.error?.name).toEqual(status === 'ExecutionError' ? expect.any(String) : status);
    await stillServes();
  }

  /** A CPU runaway (§21.1): the culprit gets the platform's 500 with CpuTimeoutError; the server then serves a plain request. */
  async function expectCpuTimeout(route: string): Promise<void> {
    const reply = await get(route);
    expect(reply.status, `${route}: ${reply.body}`).toBe(500);
    // A call the watchdog stopped leaves its thread serving and says so in the trace; one it could
    // not stop (a loop outside a handler call) cost the thread, and the answer says so instead.
    if (reply.failure === undefined) expect((await trace(reply)).stages.map((stage) => stage.status)).toContain('CpuTimeoutError');
    else expect(reply.failure).toBe('CpuTimeoutError');
    await stillServes();
  }

  it('a plain request answers 200', async () => {
    await stillServes();
  });

  it('a returned value whose every getter throws is ignored (onClientRequest returns nothing the platform reads)', async () => {
    const reply = await get('/return-getters');
    expect(reply.status).toBe(200);
    // responseProvider then answers, as for any request without a respondWith.
    expect(reply.body).toBe('rp ok');
    expect((await stage(reply, 'onClientRequest'))?.status).toBe('Success');
    const proxied = await get('/return-proxy');
    expect(proxied.status).toBe(500);
    expect((await stage(proxied, 'onClientRequest'))?.status).toBe('ExecutionError');
    await stillServes();
  });

  it('a thrown Error or object whose getters all throw is an ExecutionError (§2.6)', async () => {
    await expectHandlerFailure('/throw-getters');
    await expectHandlerFailure('/throw-object-getters');
  });

  it('a thenable whose then getter throws, or whose then throws, is the handler rejecting: ExecutionError (§1.5, §2.6)', async () => {
    await expectHandlerFailure('/then-getter-throws');
    await expectHandlerFailure('/then-throws');
  });

  it('a thrown Proxy whose traps all throw is an ExecutionError (§2.6)', async () => {
    await expectHandlerFailure('/throw-proxy');
    await expectHandlerFailure('/throw-function-proxy');
  });

  it('a rejection with an Error whose getters throw, or with a hostile Proxy, is an ExecutionError (§2.6)', async () => {
    await expectHandlerFailure('/reject-getters');
    await expectHandlerFailure('/reject-proxy');
  });

  it('a promise that never settles is a WallTimeoutError at the wall limit (§1.5, §2.6)', async () => {
    await expectHandlerFailure('/never-settles', 'onClientRequest', 'WallTimeoutError');
  }, 20_000);

  it('a bounded microtask flood before respondWith is only work: the response stands', async () => {
    const reply = await get('/flood-then-respond');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('flooded');
    await stillServes();
  });

  it.runIf(watchdog)('a thenable that resolves with itself forever is a CpuTimeoutError, not a 200 (§21.1)', async () => {
    await expectCpuTimeout('/self-thenable');
  }, 20_000);

  it.runIf(watchdog)('an endless microtask loop before respondWith is a CpuTimeoutError (§21.1)', async () => {
    await expectCpuTimeout('/loop-before-respond');
  }, 20_000);

  it.runIf(watchdog)('an endless microtask loop started after respondWith is a CpuTimeoutError for that request (§21.1)', async () => {
    await expectCpuTimeout('/loop-after-respond');
  }, 20_000);

  // At the edge the culprit alone fails (spec §2.6): the watchdog stops the runaway call, and the
  // requests in flight beside it on the same edge thread carry on, a POST with a body included.
  it.runIf(watchdog)('a runaway handler call is stopped alone: requests in flight on its thread, a POST with a body included, answer 200', async () => {
    const getting = get('/rp/held');
    const posting = request(`${url}/rp/held`, { method: 'POST', body: 'a body the edge streamed in', headersTimeout: 30_000 });
    await heldArrived(2);
    try {
      await expectCpuTimeout('/rp/start-loops');
    } finally {
      releaseHeld();
    }
    const got = await getting;
    expect(got.status, got.body).toBe(200);
    expect(got.body).toBe('held ok');
    const posted = await posting;
    expect(posted.statusCode).toBe(200);
    expect(await posted.body.text()).toBe('held ok');
  }, 30_000);

  // Streaming responseProvider (§2.6): status and headers go out once createResponse's object is
  // returned; a later failure of the body cuts it short, with no error status.
  async function expectCutStream(route: string): Promise<void> {
    const reply = await get(route);
    expect(reply.status).toBe(200);
    expect(reply.cut, `body was not cut: ${reply.body.slice(0, 200)}`).toBe(true);
    expect((await stage(reply, 'responseProvider'))?.status).toBe('Success');
    expect((await trace(reply)).response?.truncated).toBe(true);
    await stillServes();
  }

  it('a stream start that throws is responseProvider throwing (start runs inside the constructor): ExecutionError (§2.6)', async () => {
    await expectHandlerFailure('/rp/start-throws', 'responseProvider');
  });

  // An edge thread gathers a body's first chunks before it sends the head; a failure there still
  // sends the head with those bytes, then the cut.
  it('a stream source that fails after its first bytes cuts that response short (§2.6 streaming RP)', async () => {
    await expectCutStream('/rp/pull-throws-later');
  });

  const EARLY_FAILURES = ['/rp/pull-throws', '/rp/pull-rejects-proxy', '/rp/cancel-throws', '/rp/rewriter-throws', '/rp/rewriter-hostile-result'];

  it('a stream source, cancel or rewriter handler that fails before the first byte never passes for a complete answer, and the server keeps serving', async () => {
    for (const route of EARLY_FAILURES) {
      const reply = await attempt(route);
      expect(reply.status === 200 && !reply.cut, `${route} answered a complete 200`).toBe(false);
      await stillServes();
    }
  });

  // §2.6 sends the 200 head as soon as createResponse's object is returned and then cuts the body:
  // a body that fails before its first byte still gets its head out (server/write-reply.ts flushes
  // it; an edge thread sends the head with what the body gave before failing, isolation/body-channel.ts).
  it('a stream source, cancel or rewriter handler that fails before the first byte: 200 head, then the cut (§2.6)', async () => {
    for (const route of EARLY_FAILURES) await expectCutStream(route);
  });

  it.runIf(watchdog)('a stream start that never returns is responseProvider running past its CPU limit (§21.1)', async () => {
    await expectCpuTimeout('/rp/start-loops');
  }, 20_000);

  // A stream's first pull runs in a promise job queued (by the stream's constructor) before the
  // platform sees what responseProvider returned: a loop there keeps the head from going out, so it
  // is responseProvider's CpuTimeoutError (§21.1), a 500; the watchdog stops it without recycling
  // the thread (expectCpuTimeout's trace branch).
  it.runIf(watchdog)('a first stream pull that loops, or spins promise jobs, is a CpuTimeoutError for that request (§21.1)', async () => {
    for (const route of ['/rp/pull-loops', '/rp/pull-spins']) {
      await expectCpuTimeout(route);
    }
  }, 30_000);

  // Once the head went out (§2.6 "Streaming RP"), a runaway in a later pull, its promise jobs or a
  // rewriter handler (which runs as the body is read, the rewriter holding back what it has not been
  // asked for) is a fatal error that truncates the body; the trace says it was the CPU limit.
  it.runIf(watchdog)('a later pull or a rewriter handler that loops, or spins promise jobs, is stopped at the CPU limit and cuts that body (§2.6, §21.1)', async () => {
    for (const route of ['/rp/pull-loops-later', '/rp/pull-spins-later', '/rp/rewriter-loops']) {
      const reply = await get(route);
      expect(reply.status, route).toBe(200);
      expect(reply.cut, `${route}: body was not cut`).toBe(true);
      expect(reply.failure, `${route}: the thread was recycled`).toBeUndefined();
      expect((await trace(reply)).response?.truncatedBy, route).toMatch(/^CpuTimeoutError: /);
      await stillServes();
    }
  }, 30_000);
});
