/**
 * The host half of the door (realm/raw-host.ts) that every capability's host service shares:
 * tickets for asynchronous answers, bytes parked for the realm to take, host byte sources the realm
 * reads, and realm streams the host reads. One HostContext per sandbox instance (per realm).
 */
import { ReadableStream } from 'node:stream/web';
import type { RealmHooks } from '../realm/raw-host.ts';
import { copyFromRealm, copyIntoRealm, describeHostError } from './realm-bytes.ts';
import { IdTable } from './id-table.ts';

/** A host byte source the realm reads chunk by chunk (see CoreHost.sourceRead). */
export interface HostByteSource {
  /** The next chunk, or undefined at the end; rejects when the source fails. */
  read(): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  cancel(reason: string): void;
}

/** What the kernel offers the host for realm streams (see realm/outgoing.ts). */
export interface OutgoingControl {
  pull(id: number): void;
  cancel(id: number, reason: string): void;
}

type Primitive = string | number | boolean | null;

export class HostContext {
  #hooks: RealmHooks | undefined;
  #outgoing: OutgoingControl | undefined;
  #nextTicket = 1;
  readonly #parked = new IdTable<Uint8Array>();
  #nextSource = 1;
  readonly #sources = new IdTable<HostByteSource>();
  readonly #sinks = new IdTable<ReadableStreamDefaultController<Uint8Array>>();

  /** Called once the realm has been installed. */
  attach(hooks: RealmHooks, outgoing: OutgoingControl): void {
    // Captured once: later lookups would read properties of realm objects.
    const deliver = hooks.deliver;
    this.#hooks = { deliver };
    const { pull, cancel } = outgoing;
    this.#outgoing = { pull, cancel };
  }

  ticket(): number {
    return this.#nextTicket++;
  }

  resolve(ticket: number, value: Primitive): void {
    this.#deliver(ticket, true, value, '', '');
  }

  /** Parks `bytes` under the ticket and delivers their length; the realm then takes them. */
  resolveBytes(ticket: number, bytes: Uint8Array): void {
    this.#parked.set(ticket, bytes);
    this.#deliver(ticket, true, bytes.byteLength, '', '');
  }

  reject(ticket: number, error: unknown): void {
    const { name, message, code } = describeHostError(error);
    this.#deliver(ticket, false, message, name, code);
  }

  /** Settles `ticket` with the promise's outcome (a primitive, bytes, or an error). */
  settle(ticket: number, work: Promise<Primitive | Uint8Array>): void {
    work.then((value) => (value instanceof Uint8Array ? this.resolveBytes(ticket, value) : this.resolve(ticket, value)), (error: unknown) => this.reject(ticket, error));
  }

  takeBytes(id: number, target: unknown): void {
    const bytes = this.#parked.get(id);
    if (bytes === undefined) throw new TypeError(`takeBytes(): nothing is parked under ${String(id)}`);
    this.#parked.delete(id);
    copyIntoRealm(target, bytes, 'takeBytes()');
  }

  #deliver(ticket: number, ok: boolean, value: Primitive, name: string, code: string): void {
    if (this.#hooks === undefined) throw new Error('HostContext used before the realm was attached');
    try {
      this.#hooks.deliver(ticket, ok, value, name, code);
    } catch {
      // The worker broke its own realm (a polluted intrinsic the glue still uses): its call goes
      // unanswered and fails at its wall limit; the host, and every other request, carry on.
    }
  }

  // Host byte sources the realm reads.

  addSource(source: HostByteSource): number {
    const id = this.#nextSource++;
    this.#sources.set(id, source);
    return id;
  }

  sourceRead(id: unknown): number {
    const source = typeof id === 'number' ? this.#sources.get(id) : undefined;
    if (source === undefined) throw new TypeError(`sourceRead(): no source ${String(id)}`);
    const ticket = this.ticket();
    let chunk: ReturnType<HostByteSource['read']>;
    try {
      chunk = source.read();
    } catch (error) {
      queueMicrotask(() => this.reject(ticket, error));
      return ticket;
    }
    const answer = (value: Uint8Array | undefined): void => {
      if (value === undefined) {
        this.#sources.delete(id as number);
        this.resolve(ticket, -1);
      } else {
        this.resolveBytes(ticket, value);
      }
    };
    // Delivered after this call returns: the realm registers the ticket once sourceRead is back.
    if (chunk instanceof Promise) chunk.then(answer, (error: unknown) => this.reject(ticket, error));
    else queueMicrotask(() => answer(chunk as Uint8Array | undefined));
    return ticket;
  }

  sourceCancel(id: unknown, reason: unknown): void {
    const source = typeof id === 'number' ? this.#sources.get(id) : undefined;
    if (source === undefined) return;
    this.#sources.delete(id as number);
    source.cancel(typeof reason === 'string' ? reason : 'cancelled');
  }

  // Realm streams the host reads.

  /**
   * A host ReadableStream over realm stream `id` (registered by the realm's registerOutgoing).
   * `within` runs each pull and cancel (the runtime runs them in the invocation context of the
   * handler that made the stream, so what its chunks log or report reaches that handler's trace).
   */
  outgoingStream(id: number, within: (work: () => void) => void = run): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#sinks.set(id, controller);
      },
      pull: () => {
        try {
          within(() => this.#outgoing?.pull(id));
        } catch (thrown) {
          // As in #deliver: a realm that broke itself fails its own stream, nothing else. A worker
          // value is not passed on; a host error (the runtime stopped a runaway chunk) is.
          this.#sinks.get(id)?.error(thrown instanceof Error ? thrown : new Error('the worker realm failed to produce the body'));
          this.#sinks.delete(id);
        }
      },
      cancel: (reason: unknown) => {
        this.#sinks.delete(id);
        try {
          within(() => this.#outgoing?.cancel(id, reason instanceof Error ? reason.message : String(reason ?? 'cancelled')));
        } catch {
          // The realm could not cancel its stream; the host has let go of it either way.
        }
      },
    }, { highWaterMark: 0 });
  }

  sinkChunk(id: unknown, chunk: unknown): void {
    const controller = typeof id === 'number' ? this.#sinks.get(id) : undefined;
    if (controller === undefined) return;
    controller.enqueue(copyFromRealm(chunk, 'a body chunk'));
  }

  sinkEnd(id: unknown, ok: unknown, name: unknown, message: unknown): void {
    const controller = typeof id === 'number' ? this.#sinks.get(id) : undefined;
    if (controller === undefined) return;
    this.#sinks.delete(id as number);
    if (ok === true) {
      controller.close();
      return;
    }
    const error = name === 'TypeError' ? new TypeError(String(message)) : new Error(String(message));
    if (typeof name === 'string' && name !== 'TypeError' && name !== 'Error') error.name = name;
    controller.error(error);
  }
}

function run(work: () => void): void {
  work();
}
