/**
 * Stopping a runaway handler call without losing its edge thread. Node gives one interruption a
 * host survives: a vm run with `breakOnSigint` ends in a catchable error when the process gets a
 * SIGINT, and the code around it (the pipeline, other requests' promises) carries on. Edge threads
 * run every handler call that way (sandbox/instance.ts), and the watchdog (edge-pool.ts) sends the
 * SIGINT when a call runs past its CPU limit. What makes that precise and cheap:
 *
 * - Node starts a helper thread for the first open `breakOnSigint` run and stops it after the last
 *   (about 80 µs each time). A holder thread keeps one run open (interrupt-holder.mjs), so a call
 *   pays for its run alone (about 2 µs).
 * - A SIGINT ends only the most recently opened run. Before sending one, the watchdog closes the
 *   gate (PENDING): no edge thread opens a run while it is closed, and the signal goes only once
 *   every other edge thread inside a run (every thread's IN_RUN flag, all pools) is itself stuck
 *   in a call past its limit. Whichever stuck call the signal ends was due to end; the watchdog
 *   sends again until its target's call has ended too.
 * - Node's helper installs its SIGINT handler when it starts; a `process.on('SIGINT')` added or
 *   removed later puts libuv's handler back, and a SIGINT would then reach the listeners (or end
 *   the process) instead of a run. So after such a change the holder leaves its run and opens it
 *   again while the gate keeps every edge thread out (the helper restarts, handler and all), and
 *   no SIGINT is sent until that is done.
 * - With the helper started, it takes every SIGINT. The watchdog counts the ones it sends (OURS);
 *   one that reaches the holder uncounted is the user's Ctrl-C, handed to the main thread's SIGINT
 *   listeners (or ending the process as Node would). One that reaches an edge thread's run ends
 *   that call; the user presses Ctrl-C again.
 * - A thread a debugger paused inside its run (`--inspect`) would take every Ctrl-C, and only
 *   end its paused call on resume; so the holder then re-opens its run (`restack`), which makes it
 *   the newest while the paused run keeps the helper started.
 */
import { Worker } from 'node:worker_threads';
import { runtimeFile } from '../runtime-files.ts';

const SLOTS = { PENDING: 0, OURS: 1, STOP: 2, WAKE: 3, ACK: 4 } as const;
const SLOT_COUNT = 5;

/** How long the watchdog waits for the gate (other threads leaving their runs) before it gives up. */
const GATE_WAIT_MS = 1000;
/** How long a run may take to end once the SIGINT went. */
const SIGNAL_WAIT_MS = 1000;
/** How long a re-opening of the holder's run may take before it is tried again. */
const REOPEN_WAIT_MS = 1000;

/** The shared slots an edge thread needs to take part (ThreadData.gate). */
export interface GateBuffers {
  shared: SharedArrayBuffer;
  /** This thread's IN_RUN flag. */
  own: SharedArrayBuffer;
}

type Step = 'sent' | 'waiting' | 'busy' | 'failed';

/** The process-wide part: the holder thread, the gate, and every edge thread's IN_RUN flag. */
class Holder {
  readonly shared = new SharedArrayBuffer(SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT);
  readonly #slots = new Int32Array(this.shared);
  readonly #flags = new Set<Int32Array>();
  readonly #worker: Worker;
  users = 0;
  /** The interruption (or re-opening) under way. */
  #current: { target: object | undefined; key: number; since: number; sentAt: number | undefined; ack: number } | undefined;
  /** A SIGINT listener changed since the helper last started: SIGINTs may not reach a run. */
  #routeStale = false;
  /** The holder thread failed or exited: no SIGINT is sent any more (runaways recycle their thread). */
  #broken = false;
  #stopping = false;
  #reopenTimer: NodeJS.Timeout | undefined;
  readonly #onListener = (event: string | symbol): void => {
    if (event !== 'SIGINT') return;
    this.#routeStale = true;
    if (!this.#broken) this.#reopenTimer ??= setInterval(() => this.#reopen(), 2).unref();
  };

  constructor() {
    this.#worker = new Worker(runtimeFile('interrupt-holder.mjs'), { workerData: { shared: this.shared, slots: SLOTS }, stdout: false, stderr: false, name: 'weft interrupt holder' });
    this.#worker.unref();
    this.#worker.on('message', () => userInterrupt());
    this.#worker.on('error', (error) => {
      this.#disable();
      process.stderr.write(`weft: the interrupt holder failed (${error.message}); a runaway handler now recycles its edge thread.\n`);
    });
    this.#worker.on('exit', () => {
      if (!this.#stopping) this.#disable();
    });
    process.on('newListener', this.#onListener);
    process.on('removeListener', this.#onListener);
  }

  track(flag: Int32Array): void {
    this.#flags.add(flag);
  }

  untrack(flag: Int32Array): void {
    this.#flags.delete(flag);
    if (this.#current?.target === flag) this.#open();
  }

  /** Without a holder, no SIGINT may be sent: nothing would keep it from ending the process. */
  #disable(): void {
    this.#broken = true;
    clearInterval(this.#reopenTimer);
    this.#reopenTimer = undefined;
    if (this.#current !== undefined) this.#open();
  }

  /**
   * `alsoStuck(flag)`: whether another thread is still in the very run found past its limit. Such
   * a thread need not leave its run first: whichever stuck run the signal ends is due to end, and
   * the target gets the next one.
   */
  step(target: Int32Array, key: number, now: number, alsoStuck: (flag: Int32Array) => boolean): Step {
    if (this.#broken) return 'failed';
    const current = this.#current;
    // The holder's run is being re-opened, and a runaway keeps it waiting: recycling is quicker.
    if (current !== undefined && current.target === undefined) return 'failed';
    if (current !== undefined && current.target !== target) return 'busy';
    if (current === undefined || current.key !== key) {
      if (current !== undefined) this.#open();
      this.#close(target, key, now);
      return this.step(target, key, now, alsoStuck);
    }
    if (current.sentAt !== undefined) {
      // Not yet taken: wait for it. Taken by another stuck run while the target still runs: again.
      if (Atomics.load(this.#slots, SLOTS.OURS) > 0) return now - current.sentAt > SIGNAL_WAIT_MS ? this.#fail() : 'sent';
      current.sentAt = undefined;
      current.since = now;
    }
    if (now - current.since > GATE_WAIT_MS) return this.#fail();
    if (this.#routeStale || Atomics.load(target, 0) !== 1 || !this.#othersOut(target, alsoStuck)) return 'waiting';
    Atomics.add(this.#slots, SLOTS.OURS, 1);
    current.sentAt = now;
    process.kill(process.pid, 'SIGINT');
    return 'sent';
  }

  /** The run under interruption ended, or its thread went: the gate opens. */
  done(target: Int32Array): void {
    if (this.#current?.target === target) this.#open();
  }

  /**
   * Makes the holder's run the most recently opened, so the next SIGINT reaches it: the holder
   * leaves its run and opens it again, while the run of a thread a debugger paused keeps Node's
   * helper started. Not while an interruption or a re-opening is under way: then it returns
   * undefined, to be asked again. Otherwise it returns whether the holder has re-opened its run.
   */
  restack(): (() => boolean) | undefined {
    // Without a holder, Ctrl-C goes where Node sends it; there is nothing to wait for.
    if (this.#broken) return () => true;
    if (this.#current !== undefined || this.#routeStale) return undefined;
    const ack = Atomics.load(this.#slots, SLOTS.ACK);
    Atomics.add(this.#slots, SLOTS.WAKE, 1);
    Atomics.notify(this.#slots, SLOTS.WAKE);
    return () => this.#broken || Atomics.load(this.#slots, SLOTS.ACK) !== ack;
  }

  #othersOut(except: Int32Array | undefined, stuck: (flag: Int32Array) => boolean = () => false): boolean {
    for (const flag of this.#flags) if (flag !== except && Atomics.load(flag, 0) !== 0 && !stuck(flag)) return false;
    return true;
  }

  #close(target: Int32Array | undefined, key: number, now: number): void {
    Atomics.store(this.#slots, SLOTS.PENDING, 1);
    this.#current = { target, key, since: now, sentAt: undefined, ack: Atomics.load(this.#slots, SLOTS.ACK) };
  }

  #open(): void {
    this.#current = undefined;
    Atomics.store(this.#slots, SLOTS.PENDING, 0);
    Atomics.notify(this.#slots, SLOTS.PENDING);
  }

  // A signal already sent stays counted: if it still arrives, the holder spends it, where a reset
  // count would have it taken for the user's Ctrl-C.
  #fail(): 'failed' {
    this.#open();
    return 'failed';
  }

  /** Re-opens the holder's run with every edge thread kept out, so Node's helper starts afresh. */
  #reopen(): void {
    const now = performance.now();
    const current = this.#current;
    if (current === undefined) {
      this.#close(undefined, -1, now);
      return;
    }
    if (current.target !== undefined) return;
    if (Atomics.load(this.#slots, SLOTS.ACK) !== current.ack) {
      this.#routeStale = false;
      clearInterval(this.#reopenTimer);
      this.#reopenTimer = undefined;
      this.#open();
      return;
    }
    if (now - current.since > REOPEN_WAIT_MS) {
      this.#open();
      return;
    }
    if (current.sentAt === undefined && this.#othersOut(undefined)) {
      current.sentAt = now;
      Atomics.add(this.#slots, SLOTS.WAKE, 1);
      Atomics.notify(this.#slots, SLOTS.WAKE);
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    process.off('newListener', this.#onListener);
    process.off('removeListener', this.#onListener);
    clearInterval(this.#reopenTimer);
    Atomics.store(this.#slots, SLOTS.STOP, 1);
    Atomics.add(this.#slots, SLOTS.WAKE, 1);
    Atomics.notify(this.#slots, SLOTS.WAKE);
    await this.#worker.terminate();
  }
}

function userInterrupt(): void {
  if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
  else process.exit(130);
}

let holder: Holder | undefined;

/** One pool's use of the process-wide holder; `release()` when the pool closes. */
export class Interrupts {
  readonly #holder: Holder;
  #released = false;

  constructor() {
    holder ??= new Holder();
    holder.users++;
    this.#holder = holder;
  }

  /** A new thread's IN_RUN flag, tracked until `untrack`, and the buffers the thread needs. */
  track(): { flag: Int32Array; gate: GateBuffers } {
    const own = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const flag = new Int32Array(own);
    this.#holder.track(flag);
    return { flag, gate: { shared: this.#holder.shared, own } };
  }

  untrack(flag: Int32Array): void {
    this.#holder.untrack(flag);
  }

  /**
   * One step of interrupting the run `key` of the thread with IN_RUN `flag` (call it on every
   * watchdog check while that run is stuck): 'sent' once the SIGINT went, 'waiting' while the gate
   * closes, 'busy' while another thread's interruption is under way, 'failed' when it could not be
   * done in time (the caller then recycles the thread).
   */
  step(flag: Int32Array, key: number, now: number, alsoStuck: (flag: Int32Array) => boolean): Step {
    return this.#holder.step(flag, key, now, alsoStuck);
  }

  done(flag: Int32Array): void {
    this.#holder.done(flag);
  }

  /**
   * A debugger paused a thread inside its run (`--inspect`): the user's Ctrl-C would reach that
   * run, the newest, and end the paused call when it resumes, leaving Weft running. The holder's
   * run is made the newest again, so Ctrl-C reaches the main thread's listeners. A watchdog
   * signal meanwhile may reach the holder instead of its target, which is then recycled.
   * Returns whether that is done yet, or undefined when it cannot start now (ask again).
   */
  restack(): (() => boolean) | undefined {
    return this.#holder.restack();
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.#holder.users--;
    if (this.#holder.users === 0 && holder === this.#holder) {
      holder = undefined;
      await this.#holder.stop();
    }
  }
}

/** A thread waits at most GATE_SPINS x GATE_SPIN_MS for a closed gate before it goes in anyway. */
const GATE_SPINS = 50;
const GATE_SPIN_MS = 5;

/**
 * The edge thread's side (sandbox/monitor.ts InterruptGate): opening and closing a guarded run,
 * and telling whether an interruption was the watchdog's.
 */
export class ThreadGate {
  readonly #shared: Int32Array;
  readonly #own: Int32Array;

  constructor(buffers: GateBuffers) {
    this.#shared = new Int32Array(buffers.shared);
    this.#own = new Int32Array(buffers.own);
  }

  enter(): void {
    // Flag first, then look at the gate: the watchdog closes the gate, then looks at the flags, so
    // one of the two always sees the other (both sequentially consistent).
    for (let waited = 0; ; waited++) {
      Atomics.store(this.#own, 0, 1);
      if (Atomics.load(this.#shared, SLOTS.PENDING) === 0 || waited >= GATE_SPINS) return;
      Atomics.store(this.#own, 0, 0);
      Atomics.wait(this.#shared, SLOTS.PENDING, 1, GATE_SPIN_MS);
    }
  }

  leave(): void {
    Atomics.store(this.#own, 0, 0);
  }

  claim(): boolean {
    let ours = Atomics.load(this.#shared, SLOTS.OURS);
    while (ours > 0) {
      const before = Atomics.compareExchange(this.#shared, SLOTS.OURS, ours, ours - 1);
      if (before === ours) return true;
      ours = before;
    }
    return false;
  }
}
