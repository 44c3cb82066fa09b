/** mockSubrequests (issue 15): routes, answers, timing and what is recorded. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { callHandler, mockSubrequests, requestFor } from '@weft/testing';
import { responseProvider } from './worker/edge-cases.ts';

async function fetchThrough(api: ReturnType<typeof mockSubrequests>, target: string, timeout?: number): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'x-target': target, ...(timeout === undefined ? {} : { 'x-timeout': String(timeout) }) };
  const result = await callHandler(responseProvider, requestFor('responseProvider', { headers }), { subrequests: api });
  return { status: result.response.status, text: await result.response.text() };
}

describe('routes', () => {
  it('match by method, glob, path on any host, query, and RegExp, first route first', async () => {
    const api = mockSubrequests({
      'GET https://api.example.com/v1/items?page=2': { body: 'page two' },
      'https://api.example.com/v1/*': { body: 'any v1' },
      '/health': { body: 'healthy' },
    }).on(/\/legacy\//, { status: 410, body: 'gone' });
    expect((await fetchThrough(api, 'https://api.example.com/v1/items?page=2')).text).toBe('page two');
    expect((await fetchThrough(api, 'https://api.example.com/v1/items?page=3')).text).toBe('any v1');
    expect((await fetchThrough(api, 'https://status.example.com/health?verbose=1')).text).toBe('healthy');
    expect(await fetchThrough(api, 'https://api.example.com/legacy/x')).toEqual({ status: 410, text: 'gone' });
    expect(api.calls.map((call) => call.route)).toEqual(['GET https://api.example.com/v1/items?page=2', 'https://api.example.com/v1/*', '/health', '/\\/legacy\\//']);
  });

  it('records an http:// URL as https://, as the edge sends it, and a relative one on the request host', async () => {
    const api = mockSubrequests({ 'http://api.example.com/a': { body: 'a' }, '/b': { body: 'b' } });
    await fetchThrough(api, 'http://api.example.com/a');
    await fetchThrough(api, '/b');
    expect(api.calls.map((call) => call.url)).toEqual(['https://api.example.com/a', 'https://www.example.com/b']);
    expect(api.calls[1]?.headers.host).toBe('www.example.com');
  });

  it('keep one record across calls; each result lists its own calls', async () => {
    const api = mockSubrequests({ '*': { body: 'ok' } });
    const first = await callHandler(responseProvider, requestFor('responseProvider', { headers: { 'x-target': '/one' } }), { subrequests: api });
    const second = await callHandler(responseProvider, requestFor('responseProvider', { headers: { 'x-target': '/two' } }), { subrequests: api });
    expect(first.subrequests.map((call) => call.url)).toEqual(['https://www.example.com/one']);
    expect(second.subrequests.map((call) => call.url)).toEqual(['https://www.example.com/two']);
    expect(api.calls).toHaveLength(2);
    api.clear();
    expect(api.calls).toHaveLength(0);
  });

  it('refuse a method httpRequest cannot send and a route that is no URL', () => {
    expect(() => mockSubrequests({ 'PATCH /x': {} })).toThrow('route "PATCH /x" names method PATCH, which httpRequest cannot send');
    expect(() => mockSubrequests({ 'api.example.com/x': {} })).toThrow('must name an http(s) URL or a path starting with "/"');
  });
});

describe('answers', () => {
  it('may come late: a sub-request timeout shorter than delayMs rejects in the worker', async () => {
    const api = mockSubrequests({ '/slow': { body: 'late', delayMs: 200 } });
    const result = await fetchThrough(api, '/slow', 50);
    expect(result.status).toBe(504);
    expect(result.text).toMatch(/subrequest to URL https:\/\/www\.example\.com\/slow timed out after 50 ms/);
    expect((await fetchThrough(api, '/slow')).text).toBe('late');
  });

  it('may be computed from the call, asynchronously, or be a Response', async () => {
    const api = mockSubrequests({
      '/echo': async (call) => ({ headers: { 'x-method': call.method }, body: `${call.method} ${new URL(call.url).pathname}` }),
      '/response': () => new Response('from a Response', { status: 202 }),
    });
    expect(await fetchThrough(api, '/echo')).toEqual({ status: 200, text: 'GET /echo' });
    expect(await fetchThrough(api, '/response')).toEqual({ status: 202, text: 'from a Response' });
  });

  it('may forward the call to a server of the test\'s own with fetch', async () => {
    const server = createServer((request, response) => response.end(`served ${request.url ?? ''}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const api = mockSubrequests({ 'https://api.example.com/*': (call) => fetch(`${base}${new URL(call.url).pathname}`, { method: call.method }) });
      expect(await fetchThrough(api, 'https://api.example.com/items')).toEqual({ status: 200, text: 'served /items' });
    } finally {
      server.close();
    }
  });

  it('fail the test when the route itself is wrong: a function that throws, or body and json at once', async () => {
    const throwing = mockSubrequests({ '*': () => { throw new Error('route bug'); } });
    await expect(callHandler(responseProvider, requestFor('responseProvider'), { subrequests: throwing })).rejects.toThrow('route bug');
    const both = mockSubrequests({ '*': { body: 'a', json: {} } });
    await expect(callHandler(responseProvider, requestFor('responseProvider'), { subrequests: both })).rejects.toThrow('gives both body and json; give one');
  });
});
