/**
 * What `http-request` asks of the host (realm/raw-host.ts): primitives in, primitives out. The
 * network, the limits, the host policy and the trace stay on the host; the realm validates the
 * worker's arguments and builds the HttpResponse.
 */

/** How a request body crosses: none, a string, or a realm stream registered with registerOutgoing. */
export type RequestBodyKind = 'none' | 'text' | 'stream';

export interface SubrequestHost {
  /**
   * Starts a sub-request of the running handler and returns a ticket; its delivery is the JSON of
   * a ResponseHead. Throws (NoInvocationError, TypeError, SubrequestHostError, SubrequestLimitError)
   * when it cannot start. `headers` is the JSON of a flat [name, value, ...] list ('' for none),
   * `body` the text or the outgoing stream id, `timeoutMs` 0 when the option is absent.
   */
  subrequestStart(url: string, method: string, headers: string, bodyKind: RequestBodyKind, body: string | number, timeoutMs: number): number;
  /** Reads the rest of response body `source` on the host and decodes it as UTF-8: a ticket delivering the text. */
  subrequestText(source: number): number;
  /** The realm will not read response body `source` again (read to its failure, or collected unread). */
  subrequestRelease(source: number): void;
  /** Whether a handler is running (asked on failure paths, where "outside a handler" takes precedence). */
  subrequestActive(): boolean;
}

/** The delivery of subrequestStart. */
export interface ResponseHead {
  status: number;
  /** Lower-case names, one value or several (repeated header lines). */
  headers: Record<string, string | string[]>;
  /** The body as a host byte source id (realm/host-source.ts). */
  body: number;
  /** The buffered-read cap of the limits profile in bytes, or null for none. */
  limit: number | null;
}
