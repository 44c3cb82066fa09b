/**
 * The answers the HTTP front gives a request it refuses: a status, what was wrong and what to send
 * instead, and the end of the connection (RFC 9112 §6.3 and §11.2 once framing cannot be trusted).
 */
import type { ServerResponse } from 'node:http';
import { WeftError } from '@weft/platform';

/** The body of a request stopped arriving as HTTP: what its reader (origin forward, worker) fails with. */
export class InvalidRequestBodyError extends WeftError {
  constructor(message: string) {
    super('WEFT_REQUEST_INVALID_BODY', `the client's request body is invalid: ${message}`, { kind: 'user' });
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Content Too Large', 431: 'Request Header Fields Too Large',
};

// llhttp's codes (Node's HPE_*), grouped by what the client has to change.
export function describeParseError(error: NodeJS.ErrnoException): { status: number; advice: string } {
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
