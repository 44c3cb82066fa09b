/** spec §22 debug headers, exactly (decisions 7 and 8). */
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorker, type Served } from './harness.ts';

const ENHANCED = /^ew=42 v1\.0:conformance; status=Success; status_msg=-; res_tier=200; init_wall_time=\d+\.\d{3}; wall_time=\d+\.\d{3}; init_cpu_time=\d+\.\d{3}; cpu_time=\d+\.\d{3}; memory_usage=\d+$/;

describe('§22 debug headers', () => {
  let served: Served | undefined;
  afterEach(async () => { await served?.close(); served = undefined; });

  const FOUR = `
    export function onClientRequest() {}
    export function onOriginRequest() {}
    export function onOriginResponse() {}
  `;

  it('§22.3: Pragma akamai-x-ew-debug returns the standard info header of each handler; decision 7 for unimplemented ones', async () => {
    served = await serveWorker(FOUR);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug' } });
    expect(reply.header('x-akamai-edgeworker-onclientrequest-info')).toBe('ew=42 v1.0:conformance; status=Success');
    expect(reply.header('x-akamai-edgeworker-onoriginrequest-info')).toBe('ew=42 v1.0:conformance; status=Success');
    expect(reply.header('x-akamai-edgeworker-onoriginresponse-info')).toBe('ew=42 v1.0:conformance; status=Success');
    expect(reply.header('x-akamai-edgeworker-onclientresponse-info')).toBe('ew=42 v:conformance; status=UnimplementedEventHandler');
  });

  it('§22.1: without a debug pragma there are no info headers', async () => {
    served = await serveWorker(FOUR);
    const reply = await served.send('/');
    expect(Object.keys(reply.headers).filter((name) => name.startsWith('x-akamai-edgeworker'))).toEqual([]);
  });

  it('§22.4 / decision 8: any Akamai-EW-Trace value makes the output enhanced: `; ` separators, ms with 3 decimals, no trailing `;`', async () => {
    served = await serveWorker(FOUR);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 'st=1~exp=2~acl=/*~hmac=abc' } });
    expect(reply.header('x-akamai-edgeworker-onoriginrequest-info')).toMatch(ENHANCED);
    expect(reply.header('x-akamai-edgeworker-onoriginresponse-info')).toMatch(ENHANCED);
  });

  it('§22.4: status_msg is the form-encoded stack `file:function:line:col` then `+Name:+message`', async () => {
    served = await serveWorker(`
function red_team() { calling_undefined_fn(); }
export function onClientRequest() { red_team(); }`);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
    const info = reply.header('x-akamai-edgeworker-onclientrequest-info') ?? '';
    expect(info).toMatch(/; status=ExecutionError; status_msg=main\.js:red_team:2:\d+,main\.js:onClientRequest:3:\d+\+ReferenceError:\+calling_undefined_fn\+is\+not\+defined; res_tier=200;/);
  });

  it('§22.1: a single-handler pragma returns that handler only', async () => {
    served = await serveWorker(FOUR);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-onoriginrequest' } });
    expect(reply.header('x-akamai-edgeworker-onoriginrequest-info')).toBe('ew=42 v1.0:conformance; status=Success');
    expect(reply.header('x-akamai-edgeworker-onclientrequest-info')).toBeUndefined();
  });

  it('§22.5: akamai-x-ew-debug-subs adds X-Akamai-Edgeworker-Subrequests', async () => {
    served = await serveWorker(`
      import { httpRequest } from 'http-request';
      export async function onClientRequest(request) { const r = await httpRequest('/api/one.json'); await r.text(); }
    `);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug, akamai-x-ew-debug-subs', host: 'www.example.com' } });
    const value = reply.header('x-akamai-edgeworker-subrequests') ?? '';
    expect(value).toMatch(/^ew=42; evt=CReq; id=1; method="GET"; url="http:\/\/www\.example\.com\/api\/one\.json"; rsp=200; dur=\d+\.\d{3}/);
  });

  it('§16: enhanced debugging returns log headers `<L>:<file>:<line> <message>` joined by `|`, file omitted when repeated', async () => {
    served = await serveWorker(`import { logger } from 'log';
export function onClientRequest(request) {
  logger.log('host %s', request.host);
  logger.warn('second');
}`);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't', host: 'www.example.com' } });
    expect(reply.header('x-akamai-edgeworker-onclientrequest-log')).toBe('D:main.js:3 host www.example.com|W::4 second');
  });

  it('§16: log headers are capped at 1024 bytes and end with `$`', async () => {
    served = await serveWorker(`import { logger } from 'log';
export function onClientRequest() { for (let i = 0; i < 100; i++) logger.log('line number %d of a long log', i); }`);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
    const value = reply.header('x-akamai-edgeworker-onclientrequest-log') ?? '';
    expect(value.length).toBe(1024);
    expect(value.endsWith('$')).toBe(true);
  });

  it('§22.6: akamai-x-ew-debug-rp wraps the responseProvider body in multipart/form-data with a stream-trace part', async () => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export function responseProvider() { return createResponse(200, { 'content-type': 'application/json' }, '{"ok":true}'); }
    `);
    const reply = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug-rp', 'akamai-ew-trace': 't' } });
    const type = reply.header('content-type') ?? '';
    const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(type)?.[1];
    expect(boundary).toBeDefined();
    expect(reply.header('content-disposition')).toBe('attachment');
    const parts = reply.body.split(`--${boundary}`);
    expect(parts[1]).toBe('\r\ncontent-type: application/json\r\ncontent-disposition: form-data; name="response-provider-body"\r\n\r\n{"ok":true}\r\n');
    expect(parts[2]).toMatch(/^\r\ncontent-type: text\/plain;charset=UTF-8\r\ncontent-disposition: form-data; name="stream-trace"\r\n\r\nX-Akamai-EdgeWorker-ResponseProvider-Info: ew=42 v1\.0:conformance; status=Success; status_msg=-; resource_tier=200; /);
    expect(parts[3]).toBe('--\r\n');
  });

  // §22.4: the responseProvider info ends with `req_body=<buffered|streamed|error|none>`, how it read the client body.
  it.each([
    ['none', 'return createResponse(200, {}, "x");'],
    ['buffered', 'return createResponse(200, {}, await request.text());'],
    ['streamed', 'const reader = request.body.getReader(); let n = 0; for (;;) { const { done, value } = await reader.read(); if (done) break; n += value.length; } return createResponse(200, {}, String(n));'],
  ])('§22.4: the responseProvider trailer reports req_body=%s', async (use, body) => {
    served = await serveWorker(`
      import { createResponse } from 'create-response';
      export async function responseProvider(request) { ${body} }
    `);
    const reply = await served.send('/', { method: 'POST', body: 'hello', headers: { pragma: 'akamai-x-ew-debug-rp', 'akamai-ew-trace': 't' } });
    expect(reply.body).toMatch(new RegExp(`X-Akamai-EdgeWorker-ResponseProvider-Info: [^\\r\\n]*; req_body=${use}(\\r|$)`, 'm'));
  });
});
