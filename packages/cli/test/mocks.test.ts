import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, startMocks, type RunningMock } from '../src/mocks/start.ts';
import { MockOriginError } from '../src/errors.ts';
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
    const dir = tempDir({ 'mocks/bad.ts': 'export const x = 1;\n' });
    await expect(startMocks({ bad: { module: 'mocks/bad.ts' } }, dir)).rejects.toThrow(/must default-export a node:http request handler/);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const error = await startMock('busy', { port, routes: { '/': 'x' } }, dir).catch((caught: unknown) => caught);
    blocker.close();
    expect(error).toBeInstanceOf(MockOriginError);
    expect((error as Error).message).toMatch(new RegExp(`port ${port} is in use`));
  });
});
