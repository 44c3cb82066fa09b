/**
 * Worker code runs in a vm context (its own realm), so every value it hands a built-in module comes
 * from another realm: arrays, plain objects, Uint8Arrays. These tests run worker-shaped code in a
 * context that sees only the registry's namespaces, as the runtime's loader provides them.
 */
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { MockAgent } from 'undici';
import { runInvocation } from '../../src/host/invocation.ts';
import { builtinModule, readCreatedResponse, type ModuleRealm } from '../../src/modules/index.ts';
import { makeContext, readAll } from './helpers.ts';
import type { ReadableStream } from 'node:stream/web';

function sandbox(): vm.Context {
  return vm.createContext({ builtin: (name: string) => builtinModule(name) }, { codeGeneration: { strings: false, wasm: false } });
}

/** A sandbox whose namespaces are built for its own realm, as the runtime's loader can ask. */
function realmSandbox(): vm.Context {
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  const realm = vm.runInContext('({ Error, TypeError, RangeError, SyntaxError })', context) as ModuleRealm;
  (context as { builtin?: unknown }).builtin = (name: string) => builtinModule(name, realm);
  return context;
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

describe('errors re-homed into the worker realm (builtinModule(name, realm))', () => {
  it('synchronous TypeError/RangeError are instances of the worker realm', () => {
    const out = run<string>(realmSandbox(), `
      const { createResponse } = builtin('create-response');
      const { base64 } = builtin('encoding');
      const { pem2ab } = builtin('crypto');
      const results = [];
      for (const attempt of [() => createResponse(100, {}, ''), () => createResponse(200, { 'a b': 'x' }, ''), () => base64.encode(1, 2), () => pem2ab('x')]) {
        try { attempt(); results.push('no error'); } catch (e) { results.push(e.name + ':' + (e instanceof Error) + ':' + (e instanceof TypeError) + ':' + (e instanceof RangeError)); }
      }
      results.join(' ');
    `);
    expect(out).toBe('RangeError:true:false:true TypeError:true:true:false TypeError:true:true:false TypeError:true:true:false');
  });

  it('rejections keep name, message and code; HttpResponse.json() SyntaxError too', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('http://api.mock').intercept({ path: '/bad' }).reply(200, 'not json');
    const ctx = makeContext({ dispatcher: mock, hosts: { 'api.example.com': 'http://api.mock' } });
    const context = realmSandbox();
    const out = await runInvocation(ctx, () =>
      run<Promise<string>>(context, `
        (async () => {
          const { httpRequest } = builtin('http-request');
          const { crypto } = builtin('crypto');
          const results = [];
          try { await httpRequest('/x', { method: 'PATCH' }); } catch (e) { results.push(e.name + ':' + (e instanceof TypeError)); }
          try { await httpRequest('https://elsewhere.example/x'); } catch (e) { results.push(e.name + ':' + e.code + ':' + (e instanceof Error)); }
          const response = await httpRequest('https://api.example.com/bad');
          try { await response.json(); } catch (e) { results.push(e.name + ':' + (e instanceof SyntaxError)); }
          try { await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['encrypt']); } catch (e) { results.push(e.name + ':' + (e instanceof TypeError)); }
          return results.join(' ');
        })()
      `),
    );
    expect(out).toBe('TypeError:true SubrequestHostError:SUBREQUEST_HOST_NOT_ALLOWED:true SyntaxError:true TypeError:true');
    await mock.close();
  });

  it('class exports (cookies, TextDecoder, URLSearchParams) throw realm errors and still work', () => {
    const out = run<string>(realmSandbox(), `
      const { Cookies, SetCookie } = builtin('cookies');
      const { TextDecoder } = builtin('encoding');
      const URLSearchParams = builtin('url-search-params').default;
      const results = [];
      const jar = new Cookies('a=1; b=2');
      jar.add('c', '3');
      results.push(jar.toHeader(), new SetCookie({ name: 'x', value: 'y z', path: '/' }).toHeader(), new URLSearchParams('q=1').get('q'));
      for (const attempt of [() => jar.add('bad name', 'v'), () => new Cookies(5), () => new TextDecoder('nope'), () => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([255]))]) {
        try { attempt(); results.push('no error'); } catch (e) { results.push(e.name + ':' + (e instanceof Error)); }
      }
      results.push(Cookies.name, new TextDecoder().encoding, jar instanceof Cookies);
      results.join(' | ');
    `);
    expect(out).toBe('a=1; b=2; c=3 | x=y%20z; Path=/ | 1 | TypeError:true | TypeError:true | RangeError:true | TypeError:true | Cookies | utf-8 | true');
  });

  it('DOMException stays a DOMException; the host namespace is untouched', () => {
    const out = run<string>(realmSandbox(), `
      const { atob } = builtin('encoding');
      try { atob('*'); 'no error'; } catch (e) { e.name + ':' + (e instanceof Error); }
    `);
    expect(out).toBe('InvalidCharacterError:false');
    expect(() => (builtinModule('create-response')?.createResponse as (s: number) => object)(100)).toThrow(RangeError);
  });

  it('the logger still reports the worker call site through the adapter', () => {
    const ctx = makeContext();
    const context = realmSandbox();
    runInvocation(ctx, () => run(context, "\nbuiltin('log').logger.error('x %d', 5);"));
    expect(ctx.logs).toEqual([{ level: 'error', file: 'main.js', line: 2, message: 'x 5' }]);
  });
});
