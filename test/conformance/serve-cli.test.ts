/** `weft serve` as a newcomer runs it (docs/design.md, the local contract): a real child process. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrigin, type Origin } from './harness.ts';
import { listening, weft } from '../support/weft-process.ts';


describe('weft serve (child process)', () => {
  let origin: Origin;
  let dir: string;
  beforeAll(async () => {
    origin = await startOrigin();
    dir = mkdtempSync(path.join(tmpdir(), 'weft-serve-'));
    mkdirSync(path.join(dir, 'worker'));
    writeFileSync(path.join(dir, 'worker/main.js'), `import { greet } from './lib/greet.js';
export function onClientRequest(request) {
  if (request.path === '/loop') { for (;;) {} }
  if (request.path === '/codegen') { let o; try { o = String(request.getHeader.constructor('return typeof process')()); } catch (e) { o = e.name; } request.respondWith(200, {}, o); }
}
export function onClientResponse(request, response) { response.setHeader('x-greeting', greet(request.path)); }\n`);
    mkdirSync(path.join(dir, 'worker/lib'));
    writeFileSync(path.join(dir, 'worker/lib/greet.js'), `export function greet(path) { return 'hello ' + path; }\n`);
    writeFileSync(path.join(dir, 'worker/bundle.json'), JSON.stringify({ 'edgeworker-version': '2.1.0' }));
    writeFileSync(path.join(dir, 'broken.js'), 'export function onClientRequest( {\n');
    writeFileSync(path.join(dir, 'unknown-module.js'), "import { x } from 'edgekv';\nexport function onClientRequest() { x(); }\n");
  });
  afterAll(async () => { await origin.close(); });

  it('serves a main.js on the port it prints, in front of --origin, with --var', async () => {
    const run = weft(['serve', path.join(dir, 'worker/main.js'), '--origin', origin.url, '--port', '0', '--var', 'PMUSER_A=x=y']);
    try {
      const url = await listening(run, { attempts: 200 });
      const response = await request(`${url}/hello`, { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
      expect(response.statusCode, JSON.stringify(response.headers)).toBe(200);
      expect(response.headers['x-greeting']).toBe('hello /hello');
      expect(await response.body.text()).toBe('origin: GET /hello');
      expect(run.output()).toContain('v2.1.0');
      // §21.1 / §2.6: a handler that never yields fails with CpuTimeoutError; the server keeps serving.
      const loop = await request(`${url}/loop`, { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't' } });
      expect(loop.statusCode).toBe(500);
      expect(String(loop.headers['x-akamai-edgeworker-onclientrequest-info'])).toMatch(/status=CpuTimeoutError/);
      await loop.body.text();
      // decision 18: host functions handed to the worker do not open a way to compile strings.
      const codegen = await request(`${url}/codegen`);
      expect(await codegen.body.text()).toBe('EvalError');
      const after = await request(`${url}/after`);
      expect(after.statusCode).toBe(200);
      expect(await after.body.text()).toBe('origin: GET /after');
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  it('reads runtime options from --config (JSON); --var overrides the config file', async () => {
    writeFileSync(path.join(dir, 'vars.js'), `export function onClientRequest(request) {
  request.respondWith(200, {}, [request.getVariable('PMUSER_A'), request.getVariable('PMUSER_B'), request.scheme].join(','));
}\n`);
    writeFileSync(path.join(dir, 'weft.json'), JSON.stringify({ origin: origin.url, variables: { PMUSER_A: 'config', PMUSER_B: 'config' }, scheme: 'https' }));
    const run = weft(['serve', path.join(dir, 'vars.js'), '--config', path.join(dir, 'weft.json'), '--var', 'PMUSER_B=flag', '--port', '0', '--threads', '0']);
    try {
      const url = await listening(run, { attempts: 200 });
      expect(await (await request(`${url}/`)).body.text()).toBe('config,flag,https');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it("--config weft.config.ts starts the config's mock origins: origin: 'mock:origin' is served as under weft dev (issue 15)", async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'weft-serve-config-'));
    writeFileSync(path.join(app, 'main.js'), `export function onClientResponse(request, response) { response.setHeader('x-served', 'yes'); }\n`);
    writeFileSync(path.join(app, 'weft.config.ts'), `import { defineConfig } from '@weft/cli';
export default defineConfig({ entry: 'main.js', origin: 'mock:origin', mocks: { origin: { routes: { '/': 'from the mock origin' } } } });\n`);
    const run = weft(['serve', path.join(app, 'main.js'), '--config', path.join(app, 'weft.config.ts'), '--port', '0', '--threads', '0']);
    try {
      const url = await listening(run, { attempts: 200 });
      expect(run.output()).toMatch(/Mocks: origin http:\/\/127\.0\.0\.1:\d+/);
      const response = await request(`${url}/`);
      expect(response.headers['x-served']).toBe('yes');
      expect(await response.body.text()).toBe('from the mock origin');
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  it('serves a bundle folder', async () => {
    const run = weft(['serve', path.join(dir, 'worker'), '--origin', origin.url, '--port', '0']);
    try {
      const url = await listening(run, { attempts: 200 });
      expect((await request(`${url}/f`)).headers['x-greeting']).toBe('hello /f');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it.concurrent('a missing file exits 2 (the command line names it) with the path and what to pass', async () => {
    const run = weft(['serve', path.join(dir, 'nope.js'), '--origin', origin.url]);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('nope.js: no such file or folder');
  });

  it.concurrent('a bundle that does not compile exits 1 with the error and its position', async () => {
    const run = weft(['serve', path.join(dir, 'broken.js'), '--origin', origin.url, '--port', '0']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/cannot be loaded: SyntaxError: .* at broken\.js:2:\d+/);
  });

  it.concurrent('a bare import that is no built-in exits 1 with the platform message (§1.2)', async () => {
    const run = weft(['serve', path.join(dir, 'unknown-module.js'), '--origin', origin.url, '--port', '0']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Unknown built-in module: "edgekv"');
  });

  it.concurrent('a port in use exits 1 and says how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = weft(['serve', path.join(dir, 'worker/main.js'), '--origin', origin.url, '--port', String(port)]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain('--port');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  // Flag parsing is unit-tested in packages/cli/test/args.test.ts; here only the process contract.
  it.concurrent('a bad flag value exits 2 naming the flag, the value and the rule', async () => {
    const tier = weft(['serve', path.join(dir, 'worker/main.js'), '--tier', '300']);
    expect(await tier.exited).toBe(2);
    expect(tier.output()).toContain('--tier: expected 100, 200 or 280 (got 300)');
  });
});
