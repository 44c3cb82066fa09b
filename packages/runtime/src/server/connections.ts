/**
 * Per-connection bookkeeping of the HTTP front, so that what one request does never reaches the
 * next one on the same connection:
 * - requests pipelined behind another start only once the answer before theirs has gone, and not at
 *   all when that answer closed the connection (a refused request, a failure page);
 * - a request that breaks HTTP itself (request line, framing, size, a client too slow) is answered
 *   after the requests read in full before it. Node's default writes a bare 400 at once, which a
 *   pipelining client would read as the answer to an earlier request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidRequestBodyError, describeParseError, errorAnswer, refuseWithResponse } from './refusal.ts';

interface Connection {
  /**
   * Responses started and not yet finished or abandoned, oldest first. An array, not a Set: a Set
   * a keep-alive connection adds to and deletes from per request chains its outgrown tables, and
   * the scavenger promotes every response they held (see IdTable in @weft/platform).
   */
  open: ServerResponse[];
  /** The latest request read from this connection. */
  latest: IncomingMessage | undefined;
  /** The connection's parser has failed; later errors on it are echoes of that one. */
  failed: boolean;
}

export class ClientConnections {
  readonly #connections = new WeakMap<Socket, Connection>();

  #of(socket: Socket): Connection {
    let connection = this.#connections.get(socket);
    if (connection === undefined) {
      connection = { open: [], latest: undefined, failed: false };
      this.#connections.set(socket, connection);
    }
    return connection;
  }

  /**
   * Called for every request the server reads: `start` runs at once, or, for a request pipelined
   * behind others, once the answer before it has gone; never when that answer closed the connection.
   */
  admit(req: IncomingMessage, res: ServerResponse, start: () => void): void {
    const socket = req.socket;
    const connection = this.#of(socket);
    connection.latest = req;
    const before = connection.open.at(-1);
    connection.open.push(res);
    res.once('close', () => {
      const index = connection.open.indexOf(res);
      if (index !== -1) connection.open.splice(index, 1);
    });
    if (before === undefined) {
      start();
      return;
    }
    before.once('close', () => {
      if (!socket.destroyed && !socket.writableEnded) start();
    });
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
    const { status, advice } = describeParseError(error);
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
    const res = connection.open.at(-1);
    if (connection.open.length === 1 && res !== undefined && !res.headersSent) {
      refuseWithResponse(res, status, message);
    } else {
      // Earlier answers are still going out or this one has started: HTTP's only way left is to close.
      socket.destroy();
    }
    // Whoever reads the body (the origin forward, a worker) learns it will not arrive.
    req.destroy(new InvalidRequestBodyError(message));
  }

  /** The error is in a request not yet handed out: answer it once the earlier answers have gone. */
  #answerAfterOpen(connection: Connection, socket: Socket, status: number, message: string): void {
    const send = (): void => {
      if (socket.destroyed) return;
      socket.end(errorAnswer(status, message));
    };
    const last = connection.open.at(-1);
    if (last === undefined) {
      send();
      return;
    }
    // Responses on one connection finish in order (node:http queues pipelined ones), so the last finishing means all have.
    last.once('close', send);
  }
}
