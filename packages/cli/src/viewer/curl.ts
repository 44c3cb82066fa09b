/**
 * "Copy as curl" for a recorded request: the method, the URL to send it to and its header lines,
 * quoted for a POSIX shell. Bodies are not in the trace: a request that had one gets a
 * `--data-binary @body.bin` to fill in.
 */
export interface CurlRequest {
  method: string;
  /** Where to send it: for the client exchange, this server; for a sub-request, the local server Weft dialled. */
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  hasBody: boolean;
}

/** Header lines curl works out itself from the URL and the body it sends. */
const COMPUTED = new Set(['content-length', 'connection', 'transfer-encoding', 'keep-alive', 'expect']);

/** One shell word: single-quoted, with each `'` closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A Host line naming the URL's own host adds nothing; any other Host is what the worker saw, so it stays. */
function keeps(name: string, value: string, urlHost: string | undefined): boolean {
  const lower = name.toLowerCase();
  if (COMPUTED.has(lower)) return false;
  return lower !== 'host' || value.toLowerCase() !== urlHost;
}

export function curlCommand(request: CurlRequest): string {
  const method = request.method.toUpperCase();
  const words = ['curl'];
  if (method === 'HEAD') words.push('--head');
  else if (method !== 'GET' && !(method === 'POST' && request.hasBody)) words.push('-X', shellQuote(method));
  words.push(shellQuote(request.url));
  const urlHost = hostOf(request.url);
  const lines = request.headers.filter(([name, value]) => keeps(name, value, urlHost)).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.hasBody) lines.push('--data-binary @body.bin');
  return [words.join(' '), ...lines].join(' \\\n  ');
}

/** Whether header lines announce a body (a non-zero Content-Length, or any Transfer-Encoding). */
export function announcesBody(headers: ReadonlyArray<readonly [string, string]>): boolean {
  return headers.some(([name, value]) => {
    const lower = name.toLowerCase();
    return lower === 'transfer-encoding' || (lower === 'content-length' && value.trim() !== '0');
  });
}
