import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, startMocks, type RunningMock } from '../src/mocks/start.ts';
import { MockOriginError } from '../src/errors.ts';
import { linkDependency } from './helpers/link.ts';
import { tempDir } from './helpers/temp.ts';

const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.close()));
});

describe('mock origins', () => {
  it('serve routes on loopback: exact before prefix, method-specific, JSON, status and headers', async () => {
    const mock = await startMock('api', {
      routes: {
        '/': 'home',
        'GET /api/*': { json: { any: true } },
        'GET /api/user': { json: { name: 'Ada' }, headers: { 'cache-control': 'max-age=60' } },
        'POST /api/user': { status: 201, body: 'created' },
      },
    }, tempDir());
    running.push(mock);
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await fetch(`${mock.url}/`);
    expect(await home.text()).toBe('home');
    expect(home.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const user = await fetch(`${mock.url}/api/user`);
    expect(await user.json()).toEqual({ name: 'Ada' });
    expect(user.headers.get('cache-control')).toBe('max-age=60');
    expect(await (await fetch(`${mock.url}/api/other`)).json()).toEqual({ any: true });
    const post = await fetch(`${mock.url}/api/user`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(201);
    const missing = await fetch(`${mock.url}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no mock route matches GET \/nope/);
  });

  it('serve a TypeScript module that default-exports a node:http handler', async () => {
    const dir = tempDir({
      'mocks/echo.ts': `import type { IncomingMessage, ServerResponse } from 'node:http';
export default function echo(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end(\`\${request.method} \${request.url}\`);
}
`,
    });
    const [mock] = await startMocks({ echo: { module: 'mocks/echo.ts' } }, dir);
    if (mock === undefined) throw new Error('no mock started');
    running.push(mock);
    expect(await (await fetch(`${mock.url}/a?b=1`)).text()).toBe('GET /a?b=1');
  });

  it('explain a module without a handler and a port in use', async () => {
    const dir = tempDir({ 'mocks/bad.ts': 'export const x = 1;\n', 'mocks/object.ts': 'export default { get: () => 1 };\n', 'mocks/null.ts': 'export default null;\n', 'mocks/number.ts': 'export default 42;\n' });
    const shapes = 'must default-export a node:http request handler (request, response) => void, a fetch handler (request: Request) => Response | Promise<Response>, or an object with a fetch(request) method such as a Hono app';
    for (const [file, exported] of [['bad', 'an object without a fetch method (keys: x)'], ['object', 'an object without a fetch method (keys: get)'], ['null', 'null'], ['number', 'number']]) {
      const error = await startMocks({ bad: { module: `mocks/${file}.ts` } }, dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MockOriginError);
      expect((error as Error).message).toBe(`mock "bad": ${dir}/mocks/${file}.ts ${shapes}; it exports ${exported}`);
    }
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const error = await startMock('busy', { port, routes: { '/': 'x' } }, dir).catch((caught: unknown) => caught);
    blocker.close();
    expect(error).toBeInstanceOf(MockOriginError);
    expect((error as Error).message).toMatch(new RegExp(`port ${port} is in use`));
  });

  it('serve a module that default-exports a Hono app', async () => {
    const dir = tempDir({
      'mocks/api.ts': `import { Hono } from 'hono';

const app = new Hono();
app.get('/api/user/:id', (c) => c.json({ id: c.req.param('id'), name: 'Ada' }, 200, { 'cache-control': 'max-age=60' }));
app.post('/api/echo', async (c) => c.text(\`got \${await c.req.text()}\`, 201));
export default app;
`,
    });
    linkDependency(dir, 'hono');
    const mock = await startMock('api', { module: 'mocks/api.ts' }, dir);
    running.push(mock);
    const user = await fetch(`${mock.url}/api/user/7`);
    expect(user.status).toBe(200);
    expect(user.headers.get('cache-control')).toBe('max-age=60');
    expect(await user.json()).toEqual({ id: '7', name: 'Ada' });
    const echo = await fetch(`${mock.url}/api/echo`, { method: 'POST', body: 'a body' });
    expect(echo.status).toBe(201);
    expect(await echo.text()).toBe('got a body');
    expect((await fetch(`${mock.url}/nope`)).status).toBe(404);
    // The process keeps Node's own Request and Response: @hono/node-server must not swap them.
    expect(globalThis.Response.name).toBe('Response');
    expect(new Response('x')).toBeInstanceOf(Response);
  });

  it('serve a module that default-exports a fetch handler, async or not', async () => {
    const dir = tempDir({
      'mocks/fetch.ts': `export default async (request: Request): Promise<Response> => {
  const url = new URL(request.url);
  return Response.json({ method: request.method, path: url.pathname, query: url.search, body: await request.text() });
};
`,
      'mocks/plain.ts': `export default function plain(): Response {
  return new Response('no arguments needed', { headers: { 'content-type': 'text/plain' } });
}
`,
    });
    const [fetchMock, plain] = await startMocks({ fetch: { module: 'mocks/fetch.ts' }, plain: { module: 'mocks/plain.ts' } }, dir);
    if (fetchMock === undefined || plain === undefined) throw new Error('mocks did not start');
    running.push(fetchMock, plain);
    expect(await (await fetch(`${fetchMock.url}/a?b=1`, { method: 'PUT', body: 'x' })).json()).toEqual({ method: 'PUT', path: '/a', query: '?b=1', body: 'x' });
    expect(await (await fetch(`${plain.url}/`)).text()).toBe('no arguments needed');
  });

  it('tell a node:http handler from a fetch handler by its parameters, an Express-style (req, res, next) included', async () => {
    const dir = tempDir({
      'mocks/express.js': `export default function app(req, res, next) {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('node style with next');
}
`,
    });
    const mock = await startMock('express', { module: 'mocks/express.js' }, dir);
    running.push(mock);
    expect(await (await fetch(`${mock.url}/`)).text()).toBe('node style with next');
  });

  it('answer 500 naming the mock when its handler fails, and keep serving', async () => {
    const dir = tempDir({
      'mocks/throws.ts': `export default (request: Request): Response => {
  if (new URL(request.url).pathname === '/ok') return new Response('fine');
  throw new Error('fetch mock broke');
};
`,
      'mocks/nothing.ts': 'export default (_request: Request) => undefined;\n',
      'mocks/node-throws.ts': `import type { IncomingMessage, ServerResponse } from 'node:http';
export default function broken(_request: IncomingMessage, _response: ServerResponse): void {
  throw new Error('node mock broke');
}
`,
    });
    const mocks = await startMocks({ throws: { module: 'mocks/throws.ts' }, nothing: { module: 'mocks/nothing.ts' }, node: { module: 'mocks/node-throws.ts' } }, dir);
    running.push(...mocks);
    const [throws, nothing, node] = mocks.map((mock) => mock.url);
    const failed = await fetch(`${throws}/boom`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('mock "throws" failed: fetch mock broke');
    expect(await (await fetch(`${throws}/ok`)).text()).toBe('fine');
    const empty = await fetch(`${nothing}/`);
    expect(empty.status).toBe(500);
    expect(await empty.text()).toBe('mock "nothing" failed: its fetch handler returned undefined, not a Response');
    const nodeFailed = await fetch(`${node}/`);
    expect(nodeFailed.status).toBe(500);
    expect(await nodeFailed.text()).toBe('mock "node" failed: node mock broke');
  });
});
