/**
 * What `weft dev` loads each build into: an Edge, as `weft serve` uses. A build is served at once
 * in-process (a thread takes over a second to boot, far over the save→served budget), while an
 * EdgePool (an edge thread with the CPU watchdog) starts beside it and takes over when ready, so a
 * worker stuck in a loop gets the platform's CpuTimeoutError instead of freezing every app.
 * `threads: 0` stays in-process. Under `--inspect` every request waits for the edge thread, the
 * one a debugger attaches to. Each pipeline keeps its traces, read back through its
 * `/__weft/traces` routes.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeFailure, EdgePool, InProcessEdge, parseRuntimeOptions, readAll, type Edge, type PipelineReply, type PipelineRequest, type Trace } from '@weft/runtime';
import type { BundleLoader, Closable } from '../edge/app-edge.ts';

export interface DevRunner extends Closable {
  /** Where requests run now: 'thread' once the edge thread took over. */
  readonly isolation: 'in-process' | 'thread';
  handle(request: PipelineRequest): Promise<PipelineReply>;
  /** Traces kept by the pipeline, most recent first. */
  traces(limit: number): Promise<Trace[]>;
  trace(id: string): Promise<Trace | undefined>;
  /** A profiled request's `.cpuprofile` text (`x-weft-profile: 1`), while the pipeline keeps it. */
  profile(id: string): Promise<string | undefined>;
}

// Requests the dev server makes on its own behalf; numbered apart from client requests.
let internalId = 1_000_000_000;

async function getText(edge: Edge, url: string): Promise<{ status: number; text: string }> {
  const reply = await edge.handle({ id: internalId++, method: 'GET', url, headers: [['host', 'weft.dev.internal']], scheme: 'http', remoteAddress: '127.0.0.1', body: null });
  return { status: reply.status, text: reply.body === null ? '' : new TextDecoder().decode(await readAll(reply.body)) };
}

async function getJson(edge: Edge, url: string): Promise<{ status: number; value: unknown }> {
  const { status, text } = await getText(edge, url);
  return { status, value: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Calls `done` once a reply body has been consumed (or right away when it is already in memory). */
export function onBodyEnd(reply: PipelineReply, done: () => void): PipelineReply {
  const body = reply.body;
  if (body instanceof Readable) {
    body.once('close', done);
    return reply;
  }
  if (body instanceof ReadableStream) {
    return { ...reply, body: body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: done })) };
  }
  setImmediate(done);
  return reply;
}

/** How long a replaced bundle may take to finish the requests it is still answering. */
const DRAIN_MS = 10_000;

async function tracesOf(edge: Edge, limit: number): Promise<Trace[]> {
  const { value } = await getJson(edge, `/__weft/traces?limit=${limit}`);
  const list = (value as { traces?: unknown } | undefined)?.traces;
  return Array.isArray(list) ? (list as Trace[]) : [];
}

async function traceOf(edge: Edge, id: string): Promise<Trace | undefined> {
  const { status, value } = await getJson(edge, `/__weft/trace/${encodeURIComponent(id)}`);
  return status === 200 ? (value as Trace) : undefined;
}

async function profileOf(edge: Edge, id: string): Promise<string | undefined> {
  const { status, text } = await getText(edge, `/__weft/trace/${encodeURIComponent(id)}/profile.cpuprofile`);
  return status === 200 ? text : undefined;
}

function newestFirst(a: Trace, b: Trace): number {
  return a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0;
}

/**
 * A thread boots only once saves have paused this long: a burst of saves must not start a thread
 * (each loads the runtime and its own esbuild) per intermediate build.
 */
const SETTLE_MS = 750;

async function runner(local: Edge, startPool: (() => Promise<Edge>) | undefined, report: (line: string) => void, first: DevRunner['isolation'] = 'in-process'): Promise<DevRunner> {
  let active = local;
  let closed = false;
  // The thread takes over when it is up; the in-process edge stays (cheap) so its traces remain readable.
  const timer = startPool === undefined ? undefined : setTimeout(() => {
    if (closed) return;
    startPool().then(
      async (edge) => {
        if (closed) await edge.close();
        else active = edge;
      },
      (error: unknown) => {
        // No thread: keep serving in-process, but say the CPU watchdog is off (only vm's wall-time timer stops a stuck worker).
        if (!closed) report(`weft dev: the edge thread could not start, so this app keeps running in-process without the CPU watchdog (a worker stuck in a loop is stopped after twice its CPU limit in wall time): ${describeFailure(error)}`);
      },
    );
  }, SETTLE_MS);
  const edges = (): Edge[] => (active === local ? [local] : [active, local]);
  let inflight = 0;
  return {
    get isolation() {
      return active === local ? first : 'thread';
    },
    async handle(request) {
      inflight += 1;
      let reply: PipelineReply;
      try {
        reply = await active.handle(request);
      } catch (error) {
        inflight -= 1;
        throw error;
      }
      return onBodyEnd(reply, () => {
        inflight -= 1;
      });
    },
    async traces(limit) {
      const lists = await Promise.all(edges().map((edge) => tracesOf(edge, limit)));
      return lists.flat().sort(newestFirst).slice(0, limit);
    },
    async trace(id) {
      for (const edge of edges()) {
        const found = await traceOf(edge, id);
        if (found !== undefined) return found;
      }
      return undefined;
    },
    async profile(id) {
      for (const edge of edges()) {
        const found = await profileOf(edge, id);
        if (found !== undefined) return found;
      }
      return undefined;
    },
    async close() {
      // A thread still booting closes itself when it arrives; requests in flight finish first.
      closed = true;
      clearTimeout(timer);
      for (let waited = 0; inflight > 0 && waited < DRAIN_MS; waited += 20) await sleep(20);
      await Promise.all(edges().map((edge) => edge.close()));
    },
  };
}

/** `inspect`: serve from the edge thread alone, debuggable (EdgePoolOptions.inspect). */
export function devLoader(threads: number, report: (line: string) => void = (line) => void process.stderr.write(`${line}\n`), inspect = false): BundleLoader<DevRunner> {
  return async (dir, input, settings) => {
    // Plain JSON crosses into edge threads (structured clone).
    const options = JSON.parse(JSON.stringify(parseRuntimeOptions(input))) as unknown;
    const sandbox = { instancePerRequest: settings.instancePerRequest };
    // A breakpoint binds in the thread's copy of the worker: no request may run in-process first.
    if (inspect) return runner(await EdgePool.create({ bundle: dir, options, sandbox, size: threads, inspect: { sourceRoot: settings.appDir } }), undefined, report, 'thread');
    // Until the thread takes over (or for good, with --threads 0), vm's timer stops a stuck worker.
    const local = await InProcessEdge.create({ bundle: dir, options, sandbox: { ...sandbox, stopWithTimer: true } });
    return runner(local, threads === 0 ? undefined : () => EdgePool.create({ bundle: dir, options, sandbox, size: threads }), report);
  };
}
