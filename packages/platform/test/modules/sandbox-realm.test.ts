/**
 * Worker code runs in a vm context (its own realm), so every value it hands a built-in module comes
 * from another realm: arrays, plain objects, Uint8Arrays. These tests run worker-shaped code in a
 * context that sees only the registry's namespaces, as the runtime's loader provides them.
 */
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { MockAgent } from 'undici';
import { runInvocation } from '../../src/host/invocation.ts';
import { builtinModule, readCreatedResponse } from '../../src/modules/index.ts';
import { makeContext, readAll } from './helpers.ts';
import type { ReadableStream } from 'node:stream/web';

function sandbox(): vm.Context {
  return vm.createContext({ builtin: (name: string) => builtinModule(name) }, { codeGeneration: { strings: false, wasm: false } });
}

function run<T>(context: vm.Context, code: string): T {
  return new vm.Script(code, { filename: 'main.js' }).runInContext(context) as T;
}

describe('built-in modules called from a sandbox realm', () => {
  it('createResponse takes sandbox headers and a stream of sandbox Uint8Arrays', async () => {
    const result = run<object>(sandbox(), `
      const { createResponse } = builtin('create-response');
      const { ReadableStream } = builtin('streams');
      const body = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } });
      createResponse(200, { 'Content-Type': ['text/plain'], 'X-Count': 2 }, body);
    `);
    const created = readCreatedResponse(result);
    expect(created?.headers).toEqual([['Content-Type', 'text/plain'], ['X-Count', '2']]);
    expect(await readAll(created?.body as ReadableStream<Uint8Array>)).toBe('hi');
  });

  it('text piped through TextEncoderStream becomes a createResponse body', async () => {
    const result = await run<Promise<object>>(sandbox(), `
      (async () => {
        const { createResponse } = builtin('create-response');
        const { ReadableStream } = builtin('streams');
        const { TextEncoderStream } = builtin('text-encode-transform');
        const text = new ReadableStream({ start(c) { c.enqueue('héllo'); c.close(); } });
        return createResponse(text.pipeThrough(new TextEncoderStream()), { status: 201 });
      })()
    `);
    expect(await readAll(readCreatedResponse(result)?.body as ReadableStream<Uint8Array>)).toBe('héllo');
  });

  it('httpRequest with sandbox options, reading the body in the sandbox', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('http://api.mock').intercept({ path: '/data', method: 'POST', body: 'q=1', headers: { 'x-a': 'b' } }).reply(200, '{"n":41}', { headers: { 'content-type': 'application/json' } });
    const ctx = makeContext({ dispatcher: mock, hosts: { 'api.example.com': 'http://api.mock' } });
    const context = sandbox();
    const n = await runInvocation(ctx, () =>
      run<Promise<number>>(context, `
        (async () => {
          const { httpRequest } = builtin('http-request');
          const response = await httpRequest('https://api.example.com/data', { method: 'POST', headers: { 'X-A': ['b'] }, body: 'q=1' });
          const json = await response.json();
          return json.n + 1;
        })()
      `),
    );
    expect(n).toBe(42);
    await mock.close();
  });

  it('crypto, encoding and cookies accept sandbox values', async () => {
    const out = await run<Promise<string>>(sandbox(), `
      (async () => {
        const { crypto } = builtin('crypto');
        const { base16, TextEncoder, TextDecoder } = builtin('encoding');
        const { Cookies } = builtin('cookies');
        const digest = await crypto.subtle.digest('SHA-256', new Uint8Array([71,117,115,32,97,110,100,32,79,119,101,110,32,115,97,121,32,104,105,46]));
        const text = new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac]));
        const jar = new Cookies(['a=1; b=2']);
        return [base16.encode(new Uint8Array(digest)), text, jar.get('b'), crypto.getRandomValues(new Uint8Array(4)).length].join(' ');
      })()
    `);
    expect(out).toBe('d87303c776e767aa617e9e5c8a3238a2f7c3e98ea395165786d97322bd731415 € 2 4');
  });

  it('url-search-params default export and the logger work from the sandbox', () => {
    const ctx = makeContext();
    const context = sandbox();
    const value = runInvocation(ctx, () =>
      run<string>(context, `
        const URLSearchParams = builtin('url-search-params').default;
        const { logger } = builtin('log');
        const params = new URLSearchParams('?a=1&b=x+y');
        logger.log('b is %s', params.get('b'));
        params.toString();
      `),
    );
    expect(value).toBe('a=1&b=x+y');
    expect(ctx.logs).toEqual([{ level: 'debug', file: 'main.js', line: 5, message: 'b is x y' }]);
  });
});
