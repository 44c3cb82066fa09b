/**
 * What the trace records of each exchange for the viewer (issue 14): the client request and
 * response header lines, each sub-request's header lines as sent and received, and when a
 * streamed response's first and last bytes went out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startOrigin, serveWorker, type Origin, type Served } from './harness.ts';

describe('trace: headers and body timing', () => {
  let served: Served | undefined;
  let api: Origin | undefined;
  afterEach(async () => {
    await served?.close();
    await api?.close();
    served = undefined;
    api = undefined;
  });

  it('records the client exchange headers, the sub-request headers as sent (hop-by-hop dropped, Host set) and received, and the local server dialled', async () => {
    api = await startOrigin((_req, res) => { res.writeHead(200, { 'x-api': 'yes', 'content-type': 'text/plain' }); res.end('api'); });
    served = await serveWorker(`
      import { httpRequest } from 'http-request';
      export async function onClientRequest(request) {
        const sub = await httpRequest('https://api.example.com/v1/items?q=1', { headers: { 'x-sub': ['a', 'b'], connection: 'close', te: 'trailers' } });
        request.respondWith(200, { 'x-answer': [await sub.text()] }, 'ok');
      }
    `, { options: { hosts: { 'api.example.com': api.url } } });
    const reply = await served.send('/page?x=1', { headers: { 'x-client': 'c', 'x-weft-location': 'country=FR' } });
    expect(reply.status).toBe(200);
    const trace = await served.trace(reply);
    const requestLines = trace.request.headers?.lines ?? [];
    expect(requestLines).toContainEqual(['x-client', 'c']);
    // As the client sent them: the simulation header too, which the worker never saw.
    expect(requestLines).toContainEqual(['x-weft-location', 'country=FR']);
    const responseLines = trace.response?.headers?.lines ?? [];
    expect(responseLines).toContainEqual(['x-answer', 'api']);
    expect(responseLines.find(([name]) => name.toLowerCase() === 'content-length')?.[1]).toBe('2');
    expect(trace.response?.headers?.omittedBytes).toBeUndefined();

    const [sub] = trace.subrequests;
    expect(sub?.url).toBe('https://api.example.com/v1/items?q=1');
    expect(sub?.localUrl).toBe(`${api.url}/v1/items?q=1`);
    const sent = sub?.requestHeaders?.lines ?? [];
    expect(sent).toContainEqual(['x-sub', 'a']);
    expect(sent).toContainEqual(['x-sub', 'b']);
    expect(sent).toContainEqual(['host', 'api.example.com']);
    expect(sent.map(([name]) => name)).not.toContain('connection');
    expect(sent.map(([name]) => name)).not.toContain('te');
    const received = sub?.responseHeaders?.lines ?? [];
    expect(received.find(([name]) => name.toLowerCase() === 'x-api')?.[1]).toBe('yes');
  });

  it('marks the first byte of a streamed responseProvider body, and the trace lasts until its last byte', async () => {
    api = await startOrigin((_req, res) => { setTimeout(() => { res.writeHead(200); res.end('late'); }, 60); });
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      import { httpRequest } from 'http-request';
      import { ReadableStream } from 'streams';
      import { TextEncoderStream } from 'text-encode-transform';
      export function responseProvider() {
        let step = 0;
        const text = new ReadableStream({
          async pull(controller) {
            step++;
            if (step === 1) controller.enqueue('early;');
            else if (step === 2) controller.enqueue(await (await httpRequest('https://api.example.com/slow')).text());
            else controller.close();
          },
        });
        return createResponse(200, { 'content-type': ['text/plain'] }, text.pipeThrough(new TextEncoderStream()));
      }
    `, { options: { hosts: { 'api.example.com': api.url } } });
    const reply = await served.send('/stream');
    expect(reply.body).toBe('early;late');
    const trace = await served.trace(reply);
    const provider = trace.stages.find((stage) => stage.stage === 'responseProvider');
    const firstByte = trace.response?.firstByteMs;
    expect(provider).toBeDefined();
    expect(firstByte).toBeTypeOf('number');
    expect(firstByte ?? 0).toBeGreaterThanOrEqual(provider?.startMs ?? Number.POSITIVE_INFINITY);
    // The slow sub-request sits between the first byte and the last.
    expect(trace.durationMs - (firstByte ?? 0)).toBeGreaterThanOrEqual(50);
    expect(trace.response?.bodyBytes).toBe('early;late'.length);
  });
});
