// The template served alone, as a stream: the first byte an assembled page cannot beat.
import { createResponse } from 'create-response';
import { ReadableStream } from 'streams';
import { TextEncoder } from 'encoding';
import { PLAIN_TEMPLATE } from '../page.ts';

const bytes = new TextEncoder().encode(PLAIN_TEMPLATE);

export function responseProvider(): object {
  const body = new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
  return createResponse(200, { 'content-type': 'text/html; charset=utf-8' }, body);
}
