/**
 * Server-sent events for the trace viewer: each finished trace is announced on
 * `GET /__weft/events` (`event: trace`, data: the trace id), so the list updates the moment a
 * request completes instead of on the next poll.
 */
import { PassThrough } from 'node:stream';

export class TraceEvents {
  readonly #clients = new Set<PassThrough>();

  /** A new subscriber's response body; it stays open until the client goes away. */
  subscribe(): PassThrough {
    const stream = new PassThrough();
    stream.write('retry: 1000\n\n');
    this.#clients.add(stream);
    stream.on('close', () => this.#clients.delete(stream));
    return stream;
  }

  publish(id: string): void {
    for (const client of this.#clients) client.write(`event: trace\ndata: ${JSON.stringify(id)}\n\n`);
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
