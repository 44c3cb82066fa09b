/**
 * The body of an edge thread: one sandbox instance (the bundle, the built-in modules) and the
 * whole pipeline, serving the requests the main thread posts. The CPU guard is the main thread's
 * watchdog reading the heartbeat this thread writes; it stops a handler call past its limit
 * through the interrupt gate (interrupts.ts), or recycles the thread.
 */
import { precompileBuiltKernel, useKernelSource } from '../sandbox/kernel-script.ts';
import { once } from 'node:events';
import { IdTable } from '@weft/platform';
import { parentPort, workerData } from 'node:worker_threads';
import { BodyReceiver, BodySender, inlineBody, prepareBody, type PreparedBody } from './body-channel.ts';
import { DEFAULT_PIPELINE, startEnvironment } from './environment.ts';
import { HeartbeatWriter } from './heartbeat.ts';
import { PauseWatch } from './pause-watch.ts';
import { ThreadGate } from './interrupts.ts';
import { currentThreadId } from './thread-cpu.ts';
import { Outbox, unbatch, type Batch } from './outbox.ts';
import { type BodyMessage, type FromThread, type RequestHead, type ThreadData, type ToThread } from './protocol.ts';
import type { EdgeBody, EdgeHandler, EdgeResponse } from './types.ts';
import { sealHostRealm } from './seal-host-realm.ts';
import { OriginError } from '../origin/origin-error.ts';
import { loadAgentClass } from '../origin/outbound-agent.ts';
import { describeFailure, reportInternalError } from '../report/internal-error.ts';
import { unhandledRejectionReporter } from '../report/unhandled-rejection.ts';

const port = parentPort;
if (port === null) throw new Error('edge-thread.ts must run as a worker thread');
/** A standby thread (standby.ts) gets its data in the first message, once its pool starts. */
async function threadData(): Promise<ThreadData> {
  if ((workerData as { standby?: boolean }).standby !== true) return workerData as ThreadData;
  // The default pipeline's modules load while the thread waits (a pool that names another loads that one later).
  const pipeline = import(DEFAULT_PIPELINE.module).then(() => loadAgentClass()).catch(() => undefined);
  precompileBuiltKernel();
  const [message] = (await once(port as NonNullable<typeof port>, 'message')) as [ToThread];
  await pipeline;
  if (message.t !== 'start') throw new Error(`a standby edge thread was sent ${message.t} before its start`);
  return message.data;
}
const data = await threadData();
useKernelSource(data.platformScript);
// Everything this thread needs is imported above; from here on no host code compiles strings.
sealHostRealm();

const post = new Outbox<FromThread>(port).post;
const requestBodies = new IdTable<BodyReceiver>();
const responseBodies = new IdTable<BodySender>();


function serve(handler: EdgeHandler, head: RequestHead): void {
  let body: EdgeBody = null;
  if (head.body === 'inline') body = inlineBody(head.chunks);
  if (head.body === 'stream') {
    const receiver = new BodyReceiver(head.id, 'req', post, head.chunks);
    requestBodies.set(head.id, receiver);
    body = receiver.stream;
  }
  const request = { id: head.id, method: head.method, url: head.url, headers: head.headers, scheme: head.scheme, remoteAddress: head.remoteAddress, body };
  // A response in hand is posted in this call; only a response the pipeline waited for needs a promise.
  let response: ReturnType<EdgeHandler>;
  try {
    response = handler(request);
  } catch (error) {
    failed(head, error);
    return;
  }
  if (!(response instanceof Promise)) {
    answer(head, response);
    return;
  }
  response.then((settled) => answer(head, settled), (error: unknown) => failed(head, error));
}

/** Posts the response; if that fails (preparing its body, say), answers with the failure instead. */
function answer(head: RequestHead, response: EdgeResponse): void {
  try {
    const posted = respond(head.id, response);
    if (posted !== undefined) posted.catch((error: unknown) => failed(head, error));
  } catch (error) {
    failed(head, error);
  }
}

function failed(head: RequestHead, error: unknown): void {
  const id = head.id;
  // An origin body that failed while its first bytes were gathered, before the head went out: the
  // status a broken (502) or slow (504) origin gets, not a pipeline failure.
  if (error instanceof OriginError) {
    void respond(id, { status: error.status, headers: [['content-type', 'text/plain; charset=utf-8'], ['server', 'weft']], body: `weft: ${error.message}\n` });
    return;
  }
  // The client gets a 500; the terminal gets the stack too, as in-process (edge-server's onError).
  reportInternalError(`running the pipeline for ${head.method} ${head.url}`, error);
  // The client gets the failure's first line; the stack (host paths) is for the terminal above.
  const summary = describeFailure(error).split('\n', 1)[0] ?? '';
  void respond(id, { status: 500, headers: [['content-type', 'text/plain; charset=utf-8'], ['server', 'weft']], body: `weft: the pipeline failed on this request: ${summary}\n` });
}

// A request's bodies are dropped once its response is complete: a streamed response (say, one
// that echoes the request body) may still be reading the request body until then.
function finished(id: number): void {
  requestBodies.delete(id);
  responseBodies.delete(id);
}

function respond(id: number, response: EdgeResponse): void | Promise<void> {
  const prepared = prepareBody(response.body);
  // Most answers are in hand (no body, bytes, a small origin body): posted without a promise.
  if (!(prepared instanceof Promise)) return postResponse(id, response, prepared);
  return prepared.then((body) => postResponse(id, response, body));
}

function postResponse(id: number, response: EdgeResponse, body: PreparedBody): void {
  post({ t: 'response', id, status: response.status, headers: response.headers, body: body.mode, chunks: body.chunks }, body.chunks);
  if (body.stream === undefined) {
    finished(id);
    return;
  }
  responseBodies.set(id, body.stream(id, 'res', (message, transfer) => {
    if (message.t === 'end' || message.t === 'abort') finished(id);
    post(message, transfer);
  }));
}

function onBody(message: BodyMessage): void {
  if (message.dir === 'req') {
    const receiver = requestBodies.get(message.id);
    if (receiver === undefined) return;
    if (message.t === 'chunk') receiver.chunk(message.data);
    else if (message.t === 'end') {
      requestBodies.delete(message.id);
      receiver.end();
    } else if (message.t === 'abort') {
      requestBodies.delete(message.id);
      receiver.abort(new Error(`client request body failed: ${message.message}`));
    }
    return;
  }
  const sender = responseBodies.get(message.id);
  if (sender === undefined) return;
  if (message.t === 'credit') sender.grant(message.n);
  else if (message.t === 'cancel') {
    finished(message.id);
    sender.cancel('client went away');
  }
}

// Neither kind of unhandled rejection may take the thread (and its requests) down: a worker's is
// ignored as the platform does (spec §1.5), one of Weft's own reaches the terminal with its stack.
process.on('unhandledRejection', unhandledRejectionReporter('an edge thread'));

const heartbeat = new HeartbeatWriter(data.heartbeat, undefined, data.gate === undefined ? undefined : new ThreadGate(data.gate));
try {
  const threadId = currentThreadId();
  // The watchdog times stuck code by this thread's real CPU when it can; a wall-clock verdict after
  // the call would then be the stricter (and on a busy machine, wrong) one.
  let settings = threadId === undefined ? data.settings : { ...data.settings, sandbox: { ...data.settings.sandbox, checkCpuAfterCall: false } };
  if (data.inspect !== undefined) {
    // A debugger may attach: pauses are watched, and the worker's script carries its source map.
    heartbeat.pauses = await PauseWatch.start(heartbeat);
    settings = { ...settings, sandbox: { ...settings.sandbox, inspect: data.inspect } };
  }
  const { handler, info } = await startEnvironment(data.bundle, settings, heartbeat);
  port.on('message', (received: ToThread | Batch<ToThread>) => unbatch(received, (message) => {
    if (message.t === 'request') serve(handler, message);
    else if (message.t !== 'start') onBody(message);
  }));
  post({ t: 'ready', info, threadId });
} catch (error) {
  heartbeat.stop();
  post({ t: 'startup-failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
}
