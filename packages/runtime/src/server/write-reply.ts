/** Writes a pipeline reply to a node:http response, streaming the body without converting it twice. */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { isNodeReadable, toNodeReadable, type Body } from '../pipeline/body.ts';

function flatten(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  return flat;
}

export function writeReply(res: ServerResponse, status: number, headers: ReadonlyArray<readonly [string, string]>, body: Body): void {
  res.writeHead(status, flatten(headers));
  if (body === null) {
    res.end();
    return;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  const source: Readable = isNodeReadable(body) ? body : toNodeReadable(body);
  // pipe() rather than stream.pipeline(): the hot path of every proxied response, and pipeline's
  // abort and end-of-stream bookkeeping measured as a visible share of a request's CPU.
  // A body that fails mid-stream truncates the response: the status has already gone out (§2.6).
  source.once('error', () => res.destroy());
  res.once('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(res);
}
