/** Writes a pipeline reply to a node:http response, streaming the body without converting it twice. */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { isNodeReadable, isWebStream, toNodeReadable, type Body } from '../pipeline/body.ts';
import { toWireValue } from './wire-header.ts';

const NOT_ASCII = /[^\x00-\x7f]/;

function flatten(headers: ReadonlyArray<readonly [string, string]>): { flat: string[]; ascii: boolean } {
  const flat: string[] = [];
  let ascii = true;
  for (const [name, value] of headers) {
    const wire = toWireValue(value);
    if (ascii && NOT_ASCII.test(wire)) ascii = false;
    flat.push(name, wire);
  }
  return { flat, ascii };
}

/** Releases a body nobody will read (the client is gone, or the server already answered). */
export function discardBody(body: Body): void {
  if (isNodeReadable(body)) body.destroy();
  else if (isWebStream(body)) body.cancel().catch(() => undefined); // a source that fails to cancel has nothing left to tell anyone
}

export function writeReply(res: ServerResponse, status: number, headers: ReadonlyArray<readonly [string, string]>, body: Body): void {
  const { flat, ascii } = flatten(headers);
  res.writeHead(status, flat);
  if (body === null) {
    res.end();
    return;
  }
  if (typeof body === 'string') {
    // node:http sends the header block in the same write as a string body, in the body's encoding
    // (UTF-8), which would re-encode every header byte past ASCII; a Buffer body keeps them Latin-1.
    res.end(ascii ? body : Buffer.from(body));
    return;
  }
  if (body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  const source: Readable = isNodeReadable(body) ? body : toNodeReadable(body);
  // pipe() rather than stream.pipeline(): the hot path of every proxied response, and pipeline's
  // abort and end-of-stream bookkeeping measured as a visible share of a request's CPU.
  // A body that fails mid-stream truncates the response: the status has already gone out (§2.6).
  // One that fails before its first byte still sends its head (node:http holds it back for the
  // first write; the edge sent it when the response object was returned), then the connection
  // ends with the body cut.
  source.once('error', () => {
    res.flushHeaders();
    res.socket?.end();
  });
  res.once('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(res);
}
