/**
 * Server-sent events for the trace viewer: each finished trace is announced on
 * `GET /__weft/events` (`event: trace`, data: the trace id), so the list updates the moment a
 * request completes instead of on the next poll.
 */
type Client = ReadableStreamDefaultController<Uint8Array>;

const encoder = new TextEncoder();

export class TraceEvents {
  readonly #clients = new Set<Client>();

  /** A new subscriber's response body; it stays open until the client goes away or `close()`. */
  subscribe(): ReadableStream<Uint8Array> {
    const clients = this.#clients;
    let own: Client | undefined;
    return new ReadableStream<Uint8Array>({
      start(controller) {
        own = controller;
        controller.enqueue(encoder.encode('retry: 1000\n\n'));
        clients.add(controller);
      },
      cancel() {
        if (own !== undefined) clients.delete(own);
      },
    });
  }

  publish(id: string): void {
    const event = encoder.encode(`event: trace\ndata: ${JSON.stringify(id)}\n\n`);
    for (const client of this.#clients) client.enqueue(event);
  }

  close(): void {
    for (const client of this.#clients) client.close();
    this.#clients.clear();
  }
}
