/**
 * HTTP/1.1 over a raw node:net socket, for suites that must send what no HTTP client would (broken
 * request lines, smuggling framing, pipelined requests) and read back exactly what the server wrote.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header lines as received, names in their received spelling. */
  headers: Array<[string, string]>;
  body: Buffer;
  header(name: string): string | undefined;
  text(): string;
}

export interface RawExchange {
  responses: RawResponse[];
  /** Every byte the server wrote. */
  raw: Buffer;
  /** Whether the server closed the connection (rather than the reader stopping at `responses`). */
  closed: boolean;
}

export interface RawOptions {
  /** Stop reading once this many complete responses arrived (for keep-alive connections); default: read until the server closes. */
  responses?: number;
  /** Half-close the socket after writing, as a client that sends nothing more does. */
  end?: boolean;
}

interface Parsed {
  response: RawResponse;
  rest: Buffer;
}

function makeResponse(status: number, headers: Array<[string, string]>, body: Buffer): RawResponse {
  return {
    status,
    headers,
    body,
    header: (name) => headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
    text: () => body.toString('utf8'),
  };
}

/** One response from the front of `data`, or undefined while it is incomplete (`closed`: no more bytes will come). */
function parseOne(data: Buffer, closed: boolean): Parsed | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const response = (body: Buffer, rest: Buffer): Parsed => ({ response: makeResponse(status, headers, body), rest });
  const find = (name: string): string | undefined => headers.find(([key]) => key.toLowerCase() === name)?.[1];
  let at = end + 4;
  const length = find('content-length');
  if (length !== undefined) {
    const stop = at + Number(length);
    return data.length < stop ? undefined : response(data.subarray(at, stop), data.subarray(stop));
  }
  if (find('transfer-encoding')?.toLowerCase() === 'chunked') {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) {
        // The last chunk's line ends the trailer section too when there are no trailers.
        const trailerEnd = data.indexOf('\r\n\r\n', lineEnd);
        return trailerEnd === -1 ? undefined : response(Buffer.concat(chunks), data.subarray(trailerEnd + 4));
      }
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  // No framing: the body runs to the end of the connection.
  return closed ? response(data.subarray(at), Buffer.alloc(0)) : undefined;
}

export function parseResponses(data: Buffer, closed: boolean): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = data;
  for (;;) {
    const parsed = parseOne(rest, closed);
    if (parsed === undefined) return out;
    out.push(parsed.response);
    rest = parsed.rest;
    if (rest.length === 0) return out;
  }
}

export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Reads from `socket` until the server closes it or `options.responses` complete responses arrived. */
export function readResponses(socket: Socket, options: RawOptions = {}): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (closed: boolean): void => {
      socket.off('data', onData);
      const raw = Buffer.concat(chunks);
      resolve({ responses: parseResponses(raw, closed), raw, closed });
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      if (options.responses !== undefined && parseResponses(Buffer.concat(chunks), false).length >= options.responses) finish(false);
    };
    socket.on('data', onData);
    // A reset after the server's answer is still the server closing; the bytes read so far count.
    socket.on('error', () => undefined);
    socket.once('close', () => finish(true));
  });
}

/** Connects, writes each piece in turn, and reads the answer (see RawOptions). */
export async function rawExchange(url: string, data: string | Buffer | Array<string | Buffer>, options: RawOptions = {}): Promise<RawExchange> {
  const socket = await openSocket(url);
  const reading = readResponses(socket, options);
  for (const piece of Array.isArray(data) ? data : [data]) socket.write(piece);
  if (options.end === true) socket.end();
  const result = await reading;
  socket.destroy();
  return result;
}
