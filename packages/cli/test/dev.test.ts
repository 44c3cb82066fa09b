import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevApp, type DevLog } from '../src/dev/dev-app.ts';
import { sampleApp } from './helpers/app.ts';
import { tempDir } from './helpers/temp.ts';

const WORKER = (greeting: string): string => `export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.path === '/boom') explode();
  request.respondWith(200, { 'content-type': ['text/plain'] }, '${greeting}');
}

function explode(): never {
  throw new Error('exploded on purpose');
}
`;

function collectingLog(): DevLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), error: (line) => lines.push(line) };
}

describe('weft dev: one app in-process', () => {
  let dir: string;
  let app: DevApp;
  const log = collectingLog();
  const url = (p: string): string => `${app.server?.url ?? ''}${p}`;

  beforeAll(async () => {
    dir = sampleApp({ 'src/main.ts': WORKER('v1'), 'weft.config.ts': `export default { entry: 'src/main.ts', scenarios: { fr: { location: { country: 'FR' } } } };` });
    app = await DevApp.start(path.join(dir, 'weft.config.ts'), 0, log);
  });
  afterAll(() => app.close());

  it('serves the built worker, and a saved change on the very next request', async () => {
    expect(await (await fetch(url('/'))).text()).toBe('v1');
    const saved = performance.now();
    writeFileSync(path.join(dir, 'src/main.ts'), WORKER('v2'));
    // No wait: the request itself notices the change (mtime) if the watcher has not fired yet.
    expect(await (await fetch(url('/'))).text()).toBe('v2');
    const servedMs = performance.now() - saved;
    expect(servedMs).toBeGreaterThan(0);
    process.stdout.write(`[measure] weft dev save→served: ${servedMs.toFixed(0)} ms (last rebuild ${app.lastBuildMs.toFixed(0)} ms)\n`);
  });

  it('shows a build error as an HTML page and in the terminal without stopping, then recovers', async () => {
    writeFileSync(path.join(dir, 'src/main.ts'), 'export function onClientRequest( {\n');
    const page = await fetch(url('/'), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain('does not build');
    expect(html).toMatch(/src\/main\.ts:\d+:\d+/);
    const plain = await fetch(url('/'));
    expect(await plain.text()).toMatch(/^weft dev: .* does not build/);
    expect(log.lines.join('\n')).toMatch(/build failed[\s\S]*src\/main\.ts:\d+/);
    const status = (await (await fetch(url('/__weft/build'))).json()) as { state: string };
    expect(status.state).toBe('failed');
    writeFileSync(path.join(dir, 'src/main.ts'), WORKER('v3'));
    expect(await (await fetch(url('/'))).text()).toBe('v3');
  });

  it('reports a worker error with the author TypeScript line, in the trace and the terminal', async () => {
    const response = await fetch(url('/boom'));
    expect(response.status).toBeGreaterThanOrEqual(500);
    await response.text();
    const { traces } = (await (await fetch(url('/__weft/traces'))).json()) as { traces: Array<{ request: { url: string }; stages: Array<{ error?: { frames: Array<{ file: string; line: number }> } }> }> };
    const boom = traces.find((trace) => trace.request.url === '/boom');
    const frame = boom?.stages.find((stage) => stage.error !== undefined)?.error?.frames[0];
    expect(frame).toMatchObject({ file: 'src/main.ts', line: 7 });
    await expect.poll(() => log.lines.join('\n')).toMatch(/exploded on purpose \(src\/main\.ts:7:\d+\)/);
  });

  it('keeps traces across rebuilds, serves the viewer, and rejects unknown scenarios', async () => {
    const { traces } = (await (await fetch(url('/__weft/traces'))).json()) as { traces: unknown[] };
    expect(traces.length).toBeGreaterThanOrEqual(3);
    const viewer = await fetch(url('/__weft/'));
    expect(viewer.headers.get('content-type')).toMatch(/text\/html/);
    const html = await viewer.text();
    expect(html).toContain('Weft trace viewer');
    expect(html).not.toMatch(/<script src=|<link [^>]*href="http/);
    const bad = await fetch(url('/'), { headers: { 'x-weft-scenario': 'mars' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/unknown scenario "mars".*fr/);
  });

  it('answers /__weft/ from its own routes (over the real server) and every other path from the worker', async () => {
    const bad = await fetch(url('/__weft/trace/%C3%28'));
    expect(bad.status).toBe(404);
    expect(bad.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await bad.json()).toEqual({ error: 'no trace with id %C3%28 (the dev server keeps the last 500 per bundle)' });
    const post = await fetch(url('/__weft/build'), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    await post.text();
    expect(await (await fetch(url('/__weftx'))).text()).toBe('v3');
  });

  it('restarts when the config changes', async () => {
    writeFileSync(path.join(dir, 'weft.config.ts'), `export default { entry: 'src/main.ts', scenarios: { de: { location: { country: 'DE' } } } };`);
    const response = await fetch(url('/'), { headers: { 'x-weft-scenario': 'de' } });
    expect(response.status).toBe(200);
  });
});

describe('weft dev: every app of a workspace', () => {
  it('prints one banner line per app with its name and URL, serves each, and retries an app whose config is fixed', async () => {
    const root = tempDir({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
    const { cpSync } = await import('node:fs');
    for (const [name, greeting, config] of [['alpha', 'from alpha', `{ entry: 'src/main.ts' }`], ['beta', 'from beta', `{ entry: 'src/main.ts' }`], ['gamma', 'from gamma', `{ entry: 'src/main.ts', prot: 1 }`]] as const) {
      const app = sampleApp({ 'src/main.ts': WORKER(greeting), 'weft.config.ts': `export default ${config};` });
      cpSync(app, path.join(root, 'apps', name), { recursive: true });
    }
    const bin = path.resolve(import.meta.dirname, '../bin/weft.js');
    const child = spawn(process.execPath, [bin, 'dev'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 25_000, interval: 100 }).toMatch(/Ctrl\+C to stop/);
      const lines = out.split('\n').filter((line) => line.includes('➜'));
      expect(lines).toHaveLength(2);
      expect(out).toMatch(/✗ gamma +failed to start: .*unknown key "prot"/);
      for (const [index, name] of ['alpha', 'beta'].entries()) {
        const match = new RegExp(`➜ ${name}\\s+(http://127\\.0\\.0\\.1:\\d+)/`).exec(lines[index] ?? '');
        expect(match, out).not.toBeNull();
        expect(await (await fetch(`${match?.[1]}/`)).text()).toBe(`from ${name}`);
      }
      writeFileSync(path.join(root, 'apps/gamma/weft.config.ts'), `export default { entry: 'src/main.ts' };`);
      await expect.poll(() => out, { timeout: 15_000, interval: 100 }).toMatch(/➜ gamma +http:\/\/127\.0\.0\.1:\d+\/ +is up/);
      const gamma = /➜ gamma +(http:\/\/127\.0\.0\.1:\d+)\/ +is up/.exec(out);
      expect(await (await fetch(`${gamma?.[1]}/`)).text()).toBe('from gamma');
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 40_000);

  it('rejects an unknown app', async () => {
    const { captureOutput } = await import('./helpers/temp.ts');
    const { main } = await import('../src/main.ts');
    const { result, stderr } = await captureOutput(() => main(['dev', 'no-such-app']));
    expect(result).toBe(2);
    expect(stderr).toMatch(/unknown app "no-such-app"/);
  });

  it('rejects a bad --port and an unknown flag', async () => {
    const { captureOutput } = await import('./helpers/temp.ts');
    const { main } = await import('../src/main.ts');
    const bad = await captureOutput(() => main(['dev', '--port', 'eighty']));
    expect(bad.result).toBe(2);
    expect(bad.stderr).toMatch(/--port must be a number, got "eighty"/);
    const range = await captureOutput(() => main(['dev', '--port', '70000']));
    expect(range.result).toBe(2);
    expect(range.stderr).toMatch(/--port must be an integer from 0 to 65535, got 70000/);
    const unknownFlag = await captureOutput(() => main(['dev', '--prot', '1']));
    expect(unknownFlag.result).toBe(2);
    expect(unknownFlag.stderr).toMatch(/unknown flag --prot; did you mean --port\?/);
  });
});

describe('weft dev: trace events', () => {
  it('announces each finished trace on /__weft/events (server-sent events)', async () => {
    const dir = sampleApp({ 'src/main.ts': WORKER('sse'), 'weft.config.ts': `export default { entry: 'src/main.ts' };` });
    const app = await DevApp.start(path.join(dir, 'weft.config.ts'), 0, collectingLog());
    const base = app.server?.url ?? '';
    try {
      const stream = await fetch(`${base}/__weft/events`);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const reader = stream.body?.getReader();
      if (reader === undefined) throw new Error('no event stream body');
      await (await fetch(`${base}/x`)).text();
      const decoder = new TextDecoder();
      let received = '';
      while (!received.includes('event: trace')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
      const { traces } = (await (await fetch(`${base}/__weft/traces`)).json()) as { traces: Array<{ id: string }> };
      expect(received).toContain(`data: ${JSON.stringify(traces[0]?.id)}`);
      await reader.cancel();
    } finally {
      await app.close();
    }
  });
});

/** An app whose worker loops for ever on /spin and answers 'alive' elsewhere. */
function stuckApp(): string {
  return sampleApp({
    'src/main.ts': `export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.path === '/spin') for (;;) { /* stuck */ }
  request.respondWith(200, {}, 'alive');
}
`,
    'weft.config.ts': `export default { entry: 'src/main.ts' };`,
  });
}

describe('weft dev: the edge thread', () => {
  // spec §2.6, §21.1: the culprit alone fails with the platform's 500. In-process there is no
  // watchdog thread (before the edge thread takes over, and for good with --threads 0), so vm's
  // own timer stops the call (SandboxOptions.stopWithTimer); the dev server keeps serving. Its own
  // process: were the call not stopped, the server's thread would hang, and the test would say so.
  it('stops a worker stuck in a loop while it is served in-process (--threads 0), and keeps serving', async () => {
    const dir = stuckApp();
    const bin = path.resolve(import.meta.dirname, '../bin/weft.js');
    const child = spawn(process.execPath, [bin, 'dev', '--threads', '0', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 25_000, interval: 100 }).toMatch(/➜ \S+\s+http:\/\/127\.0\.0\.1:\d+\//);
      const base = /➜ \S+\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1] ?? '';
      const stuck = await fetch(`${base}/spin`, { headers: { pragma: 'akamai-x-ew-debug' }, signal: AbortSignal.timeout(15_000) });
      expect(stuck.status).toBe(500);
      expect(stuck.headers.get('x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=Failed$/);
      await stuck.text();
      const trace = (await (await fetch(`${base}/__weft/trace/${stuck.headers.get('x-weft-trace-id') ?? ''}`)).json()) as { stages: Array<{ stage: string; status: string }> };
      expect(trace.stages).toContainEqual(expect.objectContaining({ stage: 'onClientRequest', status: 'CpuTimeoutError' }));
      expect(await (await fetch(`${base}/`, { signal: AbortSignal.timeout(15_000) })).text()).toBe('alive');
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 40_000);

  it('takes over from in-process serving and turns a stuck worker into CpuTimeoutError without freezing the server', async () => {
    const dir = stuckApp();
    const log = collectingLog();
    const app = await DevApp.start(path.join(dir, 'weft.config.ts'), 0, log);
    const base = app.server?.url ?? '';
    try {
      await expect.poll(async () => ((await (await fetch(`${base}/__weft/build`)).json()) as { isolation: string }).isolation, { timeout: 15_000, interval: 100 }).toBe('thread');
      const stuck = await fetch(`${base}/spin`, { headers: { pragma: 'akamai-x-ew-debug' } });
      // spec §2.6, §21.1: the CPU limit ends the handler with the platform's 500; the edge thread
      // stops the call and goes on serving (docs/edge-threads.md).
      expect(stuck.status).toBe(500);
      expect(stuck.headers.get('x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=Failed$/);
      await stuck.text();
      const trace = (await (await fetch(`${base}/__weft/trace/${stuck.headers.get('x-weft-trace-id') ?? ''}`)).json()) as { stages: Array<{ stage: string; status: string }> };
      expect(trace.stages).toContainEqual(expect.objectContaining({ stage: 'onClientRequest', status: 'CpuTimeoutError' }));
      expect(await (await fetch(`${base}/`)).text()).toBe('alive');
    } finally {
      await app.close();
    }
  }, 30_000);
});
