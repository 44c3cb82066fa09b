/**
 * Coalesces the messages one side of the thread boundary produces during an event-loop turn into
 * a single postMessage (each costs tens of µs). Under load many requests' heads and chunks share a
 * message; alone, a message waits only until the end of the current turn (setImmediate).
 */
export interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

export interface Batch<T> {
  t: 'batch';
  messages: T[];
}

export class Outbox<T> {
  readonly #port: Port;
  #messages: T[] = [];
  #transfer: ArrayBuffer[] = [];
  #scheduled = false;

  constructor(port: Port) {
    this.#port = port;
  }

  post = (message: T, transfer?: ArrayBuffer[]): void => {
    this.#messages.push(message);
    if (transfer !== undefined) for (const buffer of transfer) this.#transfer.push(buffer);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#flush);
  };

  #flush = (): void => {
    this.#scheduled = false;
    const messages = this.#messages;
    const transfer = this.#transfer;
    this.#messages = [];
    this.#transfer = [];
    if (messages.length === 1) this.#port.postMessage(messages[0], transfer);
    else if (messages.length > 1) this.#port.postMessage({ t: 'batch', messages } satisfies Batch<T>, transfer);
  };
}

/** Calls `handle` for each message, unpacking batches. */
export function unbatch<T>(message: T | Batch<T>, handle: (message: T) => void): void {
  if (typeof message === 'object' && message !== null && (message as { t?: unknown }).t === 'batch') {
    for (const inner of (message as Batch<T>).messages) handle(inner);
  } else {
    handle(message as T);
  }
}
