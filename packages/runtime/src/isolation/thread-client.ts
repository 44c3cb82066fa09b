/**
 * The main thread's view of one edge thread: starts the Worker (with a heap cap, so runaway
 * allocation kills only this thread), posts request heads and bodies, turns response messages
 * back into web responses, and can end every request in flight when the thread is recycled.
 */
import { kernelSource } from '../sandbox/kernel-script.ts';
import { takeStandbyThread, threadOptions, THREAD_BOOT, THREAD_ENTRY } from './standby.ts';
import { Worker } from 'node:worker_threads';
import { IdTable } from '@weft/platform';
import { EdgeThreadError } from '../errors.ts';
import type { LoadedBundle } from '../loader/load.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import { BodyReceiver, inlineBody, prepareBody, type BodySender } from './body-channel.ts';
import type { EnvironmentSettings } from './environment.ts';
import { createHeartbeatBuffer, HeartbeatReader } from './heartbeat.ts';
import type { Interrupts } from './interrupts.ts';
import { resumeIntoTermination } from './paused-thread.ts';
import type { InspectSettings } from '../sandbox/debug-source.ts';
import { Outbox, unbatch, type Batch } from './outbox.ts';
import { ThreadCpuClock } from './thread-cpu.ts';
import { type BodyMessage, type FromThread, type ThreadData, type ToThread } from './protocol.ts';
import type { EdgeBody, EdgeRequest, EdgeResponse } from './types.ts';


interface InFlight {
  request: EdgeRequest;
  resolve(response: EdgeResponse): void;
  requestBody: BodySender | undefined;
  responseBody: BodyReceiver | undefined;
  answered: boolean;
}

export interface ThreadClientOptions {
  bundle: LoadedBundle;
  settings: EnvironmentSettings;
  /** V8 old-generation cap of the thread, MB. */
  heapMb: number;
  /** Where the watchdog can interrupt the thread's handler calls; absent: a runaway recycles it. */
  interrupts?: Interrupts | undefined;
  /** Called once when the thread exits for any reason (after a crash, or terminate()). */
  onExit(client: ThreadClient, error: Error | undefined): void;
  /** Under `--inspect`: a debugger may attach to the thread and pause it (pause-watch.ts). */
  inspect?: InspectSettings | undefined;
}

export class ThreadClient {
  readonly number: number;
  readonly heartbeat: HeartbeatReader;
  /** The thread's real CPU clock (Linux), set once it is ready. */
  cpu: ThreadCpuClock | undefined;
  /** The watchdog's note on the run it is timing: which one, the thread's CPU when it first saw it, and the most the run can have used before that (its wall time then). */
  watch: { key: number; cpuMs: number; beforeMs: number } | undefined;
  /** Set while the thread is inside a guarded handler call (interrupts.ts), when it has a gate. */
  readonly inRun: Int32Array | undefined;
  readonly ready: Promise<BundleInfo>;
  readonly #worker: Worker;
  readonly #threadId: number;
  readonly #inspected: boolean;
  readonly #inFlight = new IdTable<InFlight>();
  readonly #outbox: Outbox<ToThread>;
  #alive = true;
  #ready = false;
  #crash: Error | undefined;

  constructor(number: number, options: ThreadClientOptions) {
    this.number = number;
    const buffer = createHeartbeatBuffer();
    this.heartbeat = new HeartbeatReader(buffer);
    const tracked = options.interrupts?.track();
    this.inRun = tracked?.flag;
    const gate = tracked?.gate;
    const data: ThreadData = { entry: THREAD_ENTRY, bundle: options.bundle, settings: options.settings, heartbeat: buffer, gate, platformScript: kernelSource(), inspect: options.inspect };
    // A standby thread (standby.ts) has its modules loaded already and waits for this data.
    const standby = takeStandbyThread(options.heapMb);
    if (standby !== undefined) standby.postMessage({ t: 'start', data } satisfies ToThread);
    this.#worker = standby ?? new Worker(THREAD_BOOT, { ...threadOptions(options.heapMb), workerData: data });
    this.#threadId = this.#worker.threadId;
    this.#inspected = options.inspect !== undefined;
    this.#outbox = new Outbox<ToThread>(this.#worker);
    this.ready = new Promise<BundleInfo>((resolve, reject) => {
      this.#worker.on('message', (received: FromThread | Batch<FromThread>) => unbatch(received, (message) => {
        if (message.t === 'ready') {
          this.#ready = true;
          if (message.threadId !== undefined) this.cpu = new ThreadCpuClock(message.threadId);
          resolve(message.info);
        }
        else if (message.t === 'startup-failed') reject(new EdgeThreadError(`Edge thread ${number} could not start: ${message.message}`));
        else this.#onMessage(message);
      }));
      this.#worker.on('error', (error) => {
        this.#crash = error;
        reject(new EdgeThreadError(`Edge thread ${number} failed: ${error.message}`, error));
      });
      this.#worker.on('exit', (code) => {
        this.#alive = false;
        if (tracked !== undefined) options.interrupts?.untrack(tracked.flag);
        reject(new EdgeThreadError(`Edge thread ${number} exited with code ${code} before it was ready.`));
        options.onExit(this, this.#crash);
      });
    });
    // Marks `ready` as handled: a start failure reaches whoever awaits it, and the pool through onExit.
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Started and serving (false while starting, and forever if it never started). */
  get serving(): boolean {
    return this.#alive && this.#ready;
  }

  get everReady(): boolean {
    return this.#ready;
  }

  get load(): number {
    return this.#inFlight.size;
  }

  inFlight(): EdgeRequest[] {
    return this.#inFlight.values().map((entry) => entry.request);
  }

  #post(message: ToThread, transfer?: ArrayBuffer[]): void {
    this.#outbox.post(message, transfer);
  }

  handle(request: EdgeRequest): Promise<EdgeResponse> {
    // Registered before the body is looked at, so the pool's load count sees it at once.
    return new Promise<EdgeResponse>((resolve) => {
      const entry: InFlight = { request, resolve, requestBody: undefined, responseBody: undefined, answered: false };
      this.#inFlight.set(request.id, entry);
      const { body: source, ...head } = request;
      void Promise.resolve(prepareBody(source, true)).then((body) => {
        if (this.#inFlight.get(request.id) !== entry) return;
        this.#post({ t: 'request', ...head, body: body.mode, chunks: body.chunks }, body.chunks);
        entry.requestBody = body.stream?.(request.id, 'req', (message, transfer) => this.#post(message, transfer));
      }, (error: unknown) => {
        const reason = `weft: could not read the request body: ${error instanceof Error ? error.message : String(error)}`;
        this.settle(request.id, { status: 400, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: `${reason}\n` }, new Error(reason));
      });
    });
  }

  #onMessage(message: FromThread): void {
    if (message.t === 'ready' || message.t === 'startup-failed') return;
    const entry = this.#inFlight.get(message.id);
    if (entry === undefined) return;
    if (message.t === 'response') {
      entry.answered = true;
      let body: EdgeBody = null;
      if (message.body === 'stream') {
        entry.responseBody = new BodyReceiver(message.id, 'res', (m) => this.#post(m), message.chunks, () => this.#finish(message.id));
        body = entry.responseBody.stream;
      } else {
        if (message.body === 'inline') body = inlineBody(message.chunks);
        this.#finish(message.id);
      }
      entry.resolve({ status: message.status, headers: message.headers, body });
      return;
    }
    this.#onBody(entry, message);
  }

  #onBody(entry: InFlight, message: BodyMessage): void {
    if (message.dir === 'req') {
      if (message.t === 'credit') entry.requestBody?.grant(message.n);
      else if (message.t === 'cancel') entry.requestBody?.cancel('the edge does not read the rest of the body');
      return;
    }
    const receiver = entry.responseBody;
    if (receiver === undefined) return;
    if (message.t === 'chunk') receiver.chunk(message.data);
    else if (message.t === 'end') { receiver.end(); this.#finish(message.id); }
    else if (message.t === 'abort') { receiver.abort(new Error(message.message)); this.#finish(message.id); }
  }

  #finish(id: number): void {
    const entry = this.#inFlight.get(id);
    this.#inFlight.delete(id);
    entry?.requestBody?.cancel('request finished');
  }

  /**
   * Ends one request in flight: answers it with `response` when no head went out yet, otherwise
   * cuts its body short with `error` (a streamed body is truncated, as on the platform, §2.6).
   */
  settle(id: number, response: EdgeResponse, error: Error): void {
    const entry = this.#inFlight.get(id);
    if (entry === undefined) return;
    this.#inFlight.delete(id);
    entry.requestBody?.cancel(error.message);
    if (!entry.answered) {
      entry.answered = true;
      entry.resolve(response);
    } else {
      entry.responseBody?.abort(error);
    }
  }

  /**
   * Takes a request out of this thread unanswered, for the pool to run it elsewhere: hands back
   * the function that answers it, or undefined when it is not here or its answer has started.
   */
  release(id: number): ((response: EdgeResponse) => void) | undefined {
    const entry = this.#inFlight.get(id);
    if (entry === undefined || entry.answered) return undefined;
    this.#inFlight.delete(id);
    entry.requestBody?.cancel('the request runs again on another edge thread');
    return entry.resolve;
  }

  async terminate(): Promise<void> {
    this.#alive = false;
    // A thread a debugger holds paused ends only once it resumes: it is resumed into its end first
    // (once terminating, its inspector no longer takes the resume).
    if (this.#inspected && this.heartbeat.pause() !== undefined) {
      await resumeIntoTermination(this.#threadId).catch((error: unknown) => {
        process.stderr.write(`weft: edge thread ${this.number} is paused in a debugger and could not be resumed to end it (${error instanceof Error ? error.message : String(error)}); it ends when the debugger resumes it.\n`);
      });
    }
    await this.#worker.terminate();
  }
}
