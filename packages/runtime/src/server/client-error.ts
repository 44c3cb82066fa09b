/**
 * Answers requests that break HTTP itself (a malformed request line, headers too large, invalid
 * framing, a client too slow to send its headers) with a 4xx that says what was wrong, then closes
 * the connection, as RFC 9112 §6.3 and §11.2 require once framing can no longer be trusted.
 *
 * Node's default answer is a bare 400 written at once, even while an earlier request on the same
 * connection is still being answered, so a pipelining client could read it as the answer to that
 * earlier request. Here, the answers to requests that were read in full go out first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Connection {
  /** Responses started and not yet finished or abandoned, oldest first. */
  open: Set<ServerResponse>;
  /** The latest request read from this connection. */
  latest: IncomingMessage | undefined;
  /** The connection's parser has failed; later errors on it are echoes of that one. */
  failed: boolean;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Content Too Large', 431: 'Request Header Fields Too Large',
};

// llhttp's codes (Node's HPE_*), grouped by what the client has to change.
function describe(error: NodeJS.ErrnoException): { status: number; advice: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, advice: 'the request line and headers are larger than the server accepts (node --max-http-header-size, 16 KB by default); send fewer or smaller headers' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, advice: 'the request was not received in time; send the request line, headers and body without pausing' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, advice: 'the chunk extensions of the body are too large; send chunks without extensions' };
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return { status: 400, advice: 'the body framing is ambiguous or invalid: send exactly one Content-Length, or Transfer-Encoding ending in chunked without Content-Length (RFC 9112 §6.3)' };
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_STRICT':
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return { status: 400, advice: 'the message is not valid HTTP/1.1 framing (every line ends with CRLF; chunk sizes are hexadecimal, RFC 9112 §7.1)' };
    case 'HPE_INVALID_EOF_STATE':
      return { status: 400, advice: 'the client ended its side of the connection before the request was complete (a body shorter than its Content-Length, or no last chunk)' };
    case 'HPE_INVALID_URL':
      return { status: 400, advice: 'the request target must be a path starting with "/" or an absolute http(s) URL, in printable ASCII; percent-encode anything else (RFC 3986 §2.1)' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, advice: 'the request line must be METHOD SP target SP HTTP/1.1 with a known method; if you sent a body, check its Content-Length' };
    default:
      return { status: 400, advice: 'the request is not valid HTTP/1.1 (RFC 9112)' };
  }
}

/** The body of every refusal from the front: the status, what was wrong, and that the connection ends. */
function refusalText(status: number, message: string): string {
  return `weft: ${STATUS_TEXT[status] ?? 'Bad Request'}: ${message}. The connection is closed.\n`;
}

/** A whole raw HTTP response, for a socket that has no ServerResponse to write with. */
export function errorAnswer(status: number, message: string): string {
  const body = refusalText(status, message);
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\nServer: weft\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Answers `res` itself (its request is refused); the pipeline's later reply to it is dropped. */
export function refuseWithResponse(res: ServerResponse, status: number, message: string): void {
  const body = refusalText(status, message);
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'Server': 'weft', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Connection': 'close' });
  res.end(body);
}

export class ClientConnections {
  readonly #connections = new WeakMap<Socket, Connection>();

  #of(socket: Socket): Connection {
    let connection = this.#connections.get(socket);
    if (connection === undefined) {
      connection = { open: new Set(), latest: undefined, failed: false };
      this.#connections.set(socket, connection);
    }
    return connection;
  }

  /** Called for every request the server reads. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.#of(req.socket);
    connection.latest = req;
    connection.open.add(res);
    res.once('close', () => connection.open.delete(res));
  }

  /** The server's `clientError` listener. */
  onClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
    const connection = this.#of(socket);
    if (connection.failed) return;
    connection.failed = true;
    // A client that vanished (reset, half-written request) has nobody left to read an answer.
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, advice } = describe(error);
    const reason = error.message.replace(/^Parse Error: /, '');
    const message = `${reason} (${error.code ?? 'no code'}): ${advice}`;
    const latest = connection.latest;
    if (latest !== undefined && !latest.complete) {
      this.#failBody(connection, latest, socket, status, message);
      return;
    }
    this.#answerAfterOpen(connection, socket, status, message);
  };

  /** The error is in the body of a request the pipeline is already handling. */
  #failBody(connection: Connection, req: IncomingMessage, socket: Socket, status: number, message: string): void {
    const open = [...connection.open];
    const res = open[open.length - 1];
    if (open.length === 1 && res !== undefined && !res.headersSent) {
      refuseWithResponse(res, status, message);
    } else {
      // Earlier answers are still going out or this one has started: HTTP's only way left is to close.
      socket.destroy();
    }
    // Whoever reads the body (the origin forward, a worker) learns it will not arrive.
    req.destroy(Object.assign(new Error(`weft: the client's request body is invalid: ${message}`), { code: 'WEFT_INVALID_REQUEST_BODY' }));
  }

  /** The error is in a request not yet handed out: answer it once the earlier answers have gone. */
  #answerAfterOpen(connection: Connection, socket: Socket, status: number, message: string): void {
    const send = (): void => {
      if (socket.destroyed) return;
      socket.end(errorAnswer(status, message));
    };
    const open = [...connection.open];
    const last = open[open.length - 1];
    if (last === undefined) {
      send();
      return;
    }
    // Responses on one connection finish in order (node:http queues pipelined ones), so the last finishing means all have.
    last.once('close', send);
  }
}
