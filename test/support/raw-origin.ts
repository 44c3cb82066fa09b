/**
 * Hostile origins on loopback, written on raw `node:net` sockets so they can break HTTP in ways
 * `node:http` never would: bad framing, garbage status lines, resets, silence, trickles. Each
 * behaviour gets the socket once the request head has arrived, chosen by the request path.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type RawBehaviour = (socket: Socket, head: string) => void;

export interface RawOrigin {
  url: string;
  /** Request heads received, in order. */
  heads: string[];
  close(): Promise<void>;
}

/** `routes` by request path (query ignored); `fallback` answers any other path. */
export async function startRawOrigin(routes: Record<string, RawBehaviour>, fallback: RawBehaviour = answer('ok')): Promise<RawOrigin> {
  const sockets = new Set<Socket>();
  const heads: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The peer (Weft) may reset a connection these origins abuse; that is expected here.
    socket.on('error', () => undefined);
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const head = text.slice(0, end);
      heads.push(head);
      const target = head.split(' ')[1] ?? '/';
      const path = target.split('?')[0] ?? '/';
      (routes[path] ?? fallback)(socket, head);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heads,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A well-formed 200 with `body`, for the requests that must keep working. */
export function answer(body: string): RawBehaviour {
  return (socket) => socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * A loopback port nothing listens on: connecting to it is refused. It is a privileged port, which
 * `listen(0)` never hands out, so a server another test file starts cannot take it between this
 * call and the connection (a freed ephemeral port could be, and once was, reused that way).
 */
export async function refusedPort(): Promise<number> {
  for (const port of [1, 3, 5, 9, 11, 13, 17, 19]) {
    if (await refuses(port)) return port;
  }
  throw new Error('refusedPort: every candidate privileged port on 127.0.0.1 accepts connections; free one of 1, 3, 5, 9, 11, 13, 17, 19');
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * Writes `total` bytes of body after a head with that Content-Length, honouring backpressure;
 * `progress.written` shows how far the origin got, `progress.finished` whether it wrote it all.
 */
export function streamBytes(total: number, progress: { written: number; finished: boolean }): RawBehaviour {
  return (socket) => {
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${total}\r\n\r\n`);
    const block = Buffer.alloc(256 * 1024, 120);
    const pump = (): void => {
      while (progress.written < total && !socket.destroyed) {
        const size = Math.min(block.length, total - progress.written);
        progress.written += size;
        if (!socket.write(size === block.length ? block : block.subarray(0, size))) {
          socket.once('drain', pump);
          return;
        }
      }
      if (progress.written >= total) {
        progress.finished = true;
        socket.end();
      }
    };
    pump();
  };
}

/** Sends `text` one byte at a time, every `everyMs`, until the socket closes. */
export function trickle(text: string, everyMs: number): RawBehaviour {
  return (socket) => {
    let at = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || at >= text.length) {
        clearInterval(timer);
        return;
      }
      socket.write(text.slice(at, at + 1));
      at++;
    }, everyMs);
    socket.on('close', () => clearInterval(timer));
  };
}
