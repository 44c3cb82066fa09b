/**
 * An edge thread stopped in a debugger (`weft serve --inspect`, `weft dev --inspect`). A session
 * of the thread's own inspector hears V8 pause and resume, whichever debugger caused it, so the
 * watchdog leaves a paused thread alone (heartbeat.ts) and the limits leave paused time out
 * (PauseClock). V8 tells the session inside the pause, synchronously; the listener only stores a
 * few numbers there (no promise job or tick runs during a pause).
 *
 * The session only listens. Enabling its debugger would make V8 honour `debugger` statements with
 * nobody attached to resume them, so it turns its breakpoints off: V8 counts the sessions that
 * want them active, and a `debugger` statement pauses only once DevTools or VS Code is attached,
 * as under `node --inspect`. Its one side effect: near the heap limit V8 pauses (reason OOM)
 * instead of ending the thread, and the watchdog recycles such a thread as out of memory.
 */
import type { Session } from 'node:inspector/promises';
import type { PauseClock } from '../sandbox/monitor.ts';
import type { PauseKind } from './heartbeat.ts';

export interface PauseListener {
  paused(kind: PauseKind): void;
  resumed(pausedMs: number): void;
}

export class PauseWatch implements PauseClock {
  readonly #session: Session;
  readonly #listener: PauseListener;
  /** When the pause under way began (performance.now()), or undefined. */
  #since: number | undefined;
  #totalMs = 0;

  private constructor(session: Session, listener: PauseListener) {
    this.#session = session;
    this.#listener = listener;
  }

  /** Starts listening in this thread; `listener` hears every pause and resume from now on. */
  static async start(listener: PauseListener): Promise<PauseWatch> {
    // Loaded here: a thread that is not inspected does not pay for the module.
    const { Session } = await import('node:inspector/promises');
    const session = new Session();
    const watch = new PauseWatch(session, listener);
    session.connect();
    session.on('Debugger.paused', (message: { params: { reason: string } }) => watch.#paused(message.params.reason));
    session.on('Debugger.resumed', () => watch.#resumed());
    await session.post('Debugger.enable');
    await session.post('Debugger.setBreakpointsActive', { active: false });
    return watch;
  }

  pausedMs(): number {
    return this.#totalMs + (this.#since === undefined ? 0 : performance.now() - this.#since);
  }

  #paused(reason: string): void {
    this.#since ??= performance.now();
    this.#listener.paused(reason === 'OOM' ? 'out-of-memory' : 'debugger');
  }

  #resumed(): void {
    if (this.#since === undefined) return;
    const pausedMs = performance.now() - this.#since;
    this.#totalMs += pausedMs;
    this.#since = undefined;
    this.#listener.resumed(pausedMs);
  }

  stop(): void {
    this.#session.disconnect();
  }
}
