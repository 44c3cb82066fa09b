/**
 * http-request inside a worker realm (issue 11, "one realm"): the module bundled with esbuild as the
 * runtime bundles the platform (platform 'neutral'), evaluated in a fresh vm context and linked to
 * the host half over a real loopback origin. Every check runs inside that realm, against that
 * realm's intrinsics: the response and what its members return, body chunks, buffered reads,
 * rejections, and the worker's own request body stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { Agent } from 'undici';
import { runInvocation } from '../../src/host/invocation.ts';
import { freshRealm, sourceOf } from './fresh-realm.ts';
import { makeContext, type TestContext } from './helpers.ts';
import { startOrigin, type Origin } from './origin-server.ts';

function realmWithHttpRequest(): vm.Context {
  return freshRealm([
    `export { httpRequest, SubrequestHostError, SubrequestTimeoutError } from ${sourceOf('modules/http-request/index.ts')};`,
    `export { ReadableStream } from ${sourceOf('realm/streams.ts')};`,
  ]);
}

let origin: Origin;
let context: vm.Context;
const agent = new Agent();

beforeAll(async () => {
  origin = await startOrigin();
  context = realmWithHttpRequest();
});
afterAll(async () => {
  await agent.close();
  await origin.close();
});

function ctxFor(): TestContext {
  return makeContext({ dispatcher: agent, defaultOrigin: origin.url });
}

/** Runs `body` (an async function body using the bundle's exports) in the realm during a handler. */
async function inRealm(ctx: TestContext, body: string): Promise<Record<string, unknown>> {
  const run = vm.runInContext(`(async () => {
    const { httpRequest, ReadableStream, SubrequestHostError, SubrequestTimeoutError } = platform;
    const own = (value, Ctor) => value instanceof Ctor && Object.getPrototypeOf(value) === Ctor.prototype;
    ${body}
  })`, context) as () => Promise<unknown>;
  return JSON.parse(JSON.stringify(await runInvocation(ctx, run))) as Record<string, unknown>;
}

describe('http-request in the worker realm: everything it hands out is the realm\'s own', () => {
  it('the call, the response, its headers and a streamed body', async () => {
    const report = await inRealm(ctxFor(), `
      const call = httpRequest('/hello');
      const response = await call;
      const reader = response.body.getReader();
      const first = await reader.read();
      const end = await reader.read();
      return {
        promise: own(call, Promise),
        headers: own(response.getHeaders(), Object) && own(response.getHeaders()['set-cookie'], Array),
        header: own(response.getHeader('x-multi'), Array) && response.getHeader('x-multi').join() === 'one,two',
        joined: response.headers.get('x-multi'),
        result: own(first, Object),
        chunk: own(first.value, Uint8Array) && own(first.value.buffer, ArrayBuffer) && String.fromCharCode(...first.value) === 'hello',
        done: end.done,
      };
    `);
    expect(report).toEqual({ promise: true, headers: true, header: true, joined: 'one, two', result: true, chunk: true, done: true });
  });

  it('text() and json() resolve to realm values; a worker stream body reaches the origin', async () => {
    const report = await inRealm(ctxFor(), `
      const hello = await httpRequest('/hello');
      const textCall = hello.text();
      const text = await textCall;
      const json = await (await httpRequest('/json')).json();
      const body = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue('-there'); c.close(); } });
      const echo = await (await httpRequest('/echo', { method: 'POST', body, headers: { 'x-a': ['1', '2'] } })).json();
      return {
        text: own(textCall, Promise) && text === 'hello',
        json: own(json, Object) && own(json.list, Array) && json.list.join() === '1,2',
        echoed: echo.body + ' ' + echo.headers['x-a'] + ' ' + echo.headers['transfer-encoding'],
      };
    `);
    expect(report).toEqual({ text: true, json: true, echoed: 'hi-there 1, 2 chunked' });
  });

  it('rejections are realm errors of the module\'s classes, with name and code', async () => {
    const report = await inRealm(ctxFor(), `
      const out = {};
      try { await httpRequest('/x', { method: 'PATCH' }); } catch (e) { out.method = own(e, TypeError); }
      try { await httpRequest('https://elsewhere.example/x'); } catch (e) { out.host = e instanceof SubrequestHostError && e instanceof Error && e.name + ':' + e.code; }
      try { await httpRequest('https://www.example.com:443/x'); } catch (e) { out.port = own(e, TypeError); }
      try { await httpRequest('/slow-headers', { timeout: 20 }); } catch (e) { out.timeout = e instanceof SubrequestTimeoutError && /timed out after 20 ms/.test(e.message); }
      const bad = await httpRequest('/status?code=500');
      try { await bad.json(); } catch (e) { out.json = own(e, SyntaxError); }
      try { await bad.text(); } catch (e) { out.again = own(e, TypeError); }
      return out;
    `);
    expect(report).toEqual({ method: true, host: 'SubrequestHostError:WEFT_SUBREQUEST_HOST_NOT_ALLOWED', port: true, timeout: true, json: true, again: true });
  });
});
