/**
 * The responseProvider debug body (spec §22.6, `Pragma: akamai-x-ew-debug-rp`): the original body
 * and a `stream-trace` part written only after the body has ended, in a multipart/form-data response.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { toNodeReadable, type Body } from '../pipeline/body.ts';

export interface MultipartResult {
  contentType: string;
  body: Readable;
}

export function wrapMultipart(body: Body, originalContentType: string | undefined, trailer: () => string): MultipartResult {
  const boundary = randomBytes(12).toString('hex');
  const encoder = new TextEncoder();
  async function* parts(): AsyncGenerator<Uint8Array> {
    const type = originalContentType === undefined ? '' : `content-type: ${originalContentType}\r\n`;
    yield encoder.encode(`--${boundary}\r\n${type}content-disposition: form-data; name="response-provider-body"\r\n\r\n`);
    for await (const chunk of toNodeReadable(body)) yield typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
    yield encoder.encode(`\r\n--${boundary}\r\ncontent-type: text/plain;charset=UTF-8\r\ncontent-disposition: form-data; name="stream-trace"\r\n\r\n`);
    yield encoder.encode(`${trailer()}\r\n--${boundary}--\r\n`);
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Readable.from(parts(), { objectMode: false }) };
}
