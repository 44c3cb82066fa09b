/**
 * Issue 14, breakpoints: `weft serve --inspect` and `weft dev --inspect` let a debugger stop the worker on its edge thread
 * at a line of its TypeScript sources and read its locals, and the paused request keeps its CPU
 * limit suspended. The test drives the inspector protocol as Chrome DevTools does: the process's
 * main target, the edge thread through the NodeWorker domain, a breakpoint set by URL at the line
 * the worker script's own source map gives for a TypeScript line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifestSchema } from '@weft/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../src/bundle/bundle-worker.ts';
import { writeServedBundle } from '../src/bundle/served-artifact.ts';
import { generatedPosition, inlineMap, Inspector, originalPosition, type Channel, type InlineMap } from './helpers/cdp.ts';
import { tempDir } from './helpers/temp.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/weft.js');

const MAIN = `import { label } from './label.ts';

interface Request { path: string; respondWith(status: number, headers: object, body: string): void }

export function onClientRequest(request: Request): void {
  const greeting = label(request.path);
  request.respondWith(200, {}, \`hello \${greeting}\\n\`);
}
`;

// The breakpoint goes on line 3, where \`word\` holds its value.
const LABEL = `export function label(path: string): string {
  const word: string = path.slice(1).toUpperCase();
  const marked = \`<\${word}>\`;
  return marked;
}
`;

interface Serve {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function serve(args: string[], cwd?: string): Serve {
  const child = spawn(process.execPath, [BIN, ...(args[0] === 'dev' ? args : ['serve', ...args])], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function printed(run: Serve, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const match = pattern.exec(run.output());
    if (match?.[1] !== undefined) return match[1];
    if (run.child.exitCode !== null) throw new Error(`weft serve exited: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`weft serve did not print ${pattern}: ${run.output()}`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Attaches to both edge threads (the serving one and the spare), as DevTools does, with the worker script each parsed. */
async function edgeThreads(inspector: Inspector): Promise<Array<{ channel: Channel; url: string; map: InlineMap }>> {
  const channels = await inspector.workers('weft edge thread', 2);
  return Promise.all(channels.map(async (channel) => {
    await channel.send('Debugger.enable');
    const parsed = await channel.event('Debugger.scriptParsed', (params) => /^weft-sandbox-\d+\.js$/.test(String(params.url)));
    expect(String(parsed.sourceMapURL)).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    return { channel, url: String(parsed.url), map: inlineMap(String(parsed.sourceMapURL)) };
  }));
}

interface Inspected {
  appDir: string;
  run: Serve;
  server: string;
  inspector: Inspector;
}

/** `weft serve --inspect=0` on a served bundle of MAIN and LABEL, with the inspector attached. */
async function startInspected(): Promise<Inspected> {
  // The served bundle sits in the app folder, so its map's relative sources name the real files.
  const appDir = tempDir({ 'src/main.ts': MAIN, 'src/label.ts': LABEL });
  const worker = await bundleWorker('src/main.ts', { appDir });
  writeServedBundle(appDir, worker, manifestSchema.parse({ 'edgeworker-version': '1.0.0' }));
  // Tier 100: onClientRequest has 10 ms of CPU.
  const run = serve([appDir, '--inspect=0', '--port', '0', '--tier', '100']);
  const server = await printed(run, /Listening on (http:\/\/\S+)/);
  const inspector = await Inspector.connect(await printed(run, /Debugger: (ws:\/\/\S+)/));
  return { appDir, run, server, inspector };
}

async function stopInspected(started: Inspected | undefined): Promise<void> {
  if (started === undefined) return;
  started.inspector.close();
  started.run.child.kill('SIGTERM');
  // A failed case may leave the process stuck; the suite must still end.
  if ((await Promise.race([started.run.exited, sleep(5000).then(() => 'stuck')])) === 'stuck') started.run.child.kill('SIGKILL');
}

const PAUSED_LINE = /weft: edge thread \d+ is paused in the debugger; its request's time limits wait while it is, and Ctrl-C stops Weft\./g;

describe('weft serve --inspect', () => {
  let appDir: string;
  let run: Serve;
  let server: string;
  let inspector: Inspector;
  let started: Inspected | undefined;

  beforeAll(async () => {
    started = await startInspected();
    ({ appDir, run, server, inspector } = started);
  });

  afterAll(() => stopInspected(started));

  it('prints the debugger URL and how to attach', () => {
    expect(run.output()).toMatch(/Debugger: ws:\/\/127\.0\.0\.1:\d+\/[\w-]+\n\s+Chrome: open chrome:\/\/inspect/);
  });

  it('stops at a breakpoint on a TypeScript line, shows its locals, and answers once resumed, past the CPU limit', async () => {
    const threads = await edgeThreads(inspector);
    const first = threads[0];
    if (first === undefined) throw new Error('no edge thread to attach to');
    // The map carries the TypeScript sources, as file URLs of the app folder.
    expect(first.map.sourceRoot).toBe(`${pathToFileURL(appDir).href}/`);
    expect(first.map.sources).toContain('src/label.ts');
    expect(first.map.sourcesContent?.[first.map.sources.indexOf('src/label.ts')]).toBe(LABEL);

    const at = generatedPosition(first.map, 'src/label.ts', 3);
    const set = await Promise.all(threads.map(({ channel, url }) => channel.send('Debugger.setBreakpointByUrl', { url, lineNumber: at.lineNumber, columnNumber: at.columnNumber })));
    expect(set.some((result) => (result.locations as unknown[]).length > 0)).toBe(true);

    const started = performance.now();
    const response = fetch(`${server}/hello`);
    const paused = (await Promise.any(threads.map(({ channel }) => channel.event('Debugger.paused')))) as { callFrames: Array<{ callFrameId: string; functionName: string; location: { lineNumber: number; columnNumber: number } }> };
    const frame = paused.callFrames[0];
    if (frame === undefined) throw new Error('paused without a call frame');
    // The breakpoint landed on the intended TypeScript line.
    expect(frame.location.lineNumber).toBe(at.lineNumber);
    expect(originalPosition(first.map, frame.location.lineNumber, frame.location.columnNumber)).toEqual({ source: 'src/label.ts', line: 3 });
    expect(frame.functionName).toBe('label');
    const thread = threads.find(({ channel }) => channel.events.some((event) => event.method === 'Debugger.paused'));
    if (thread === undefined) throw new Error('no thread paused');
    const local = await thread.channel.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: 'word' });
    expect(local.result).toMatchObject({ type: 'string', value: 'HELLO' });
    // The terminal says what a pause means, once Ctrl-C would indeed stop Weft.
    await expect.poll(() => run.output().match(PAUSED_LINE)?.length ?? 0, { timeout: 5000, interval: 20 }).toBe(1);

    // Paused far past the 10 ms CPU limit (plus the watchdog's grace), with the thread busy on the
    // debugger's behalf (as when it previews objects), which its CPU clock sees: no interruption,
    // no CpuTimeoutError, no recycle, then or after the resume.
    const busy = await thread.channel.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: '(() => { let x = 0; for (let i = 0; i < 3e7; i++) x = (x + i) | 0; return typeof x; })()' });
    expect(busy.result).toMatchObject({ value: 'number' });
    await sleep(600);
    await thread.channel.send('Debugger.resume');
    const answer = await response;
    expect(performance.now() - started).toBeGreaterThan(600);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-weft-failure')).toBeNull();
    expect(await answer.text()).toBe('hello <HELLO>\n');
    expect(run.output()).not.toMatch(/recycled|CpuTimeoutError/);

    // The thread goes on serving, and the breakpoint still holds.
    const again = fetch(`${server}/again`);
    await thread.channel.event('Debugger.paused', () => thread.channel.events.filter((event) => event.method === 'Debugger.paused').length >= 2);
    await thread.channel.send('Debugger.removeBreakpoint', { breakpointId: set[threads.indexOf(thread)]?.breakpointId });
    await thread.channel.send('Debugger.resume');
    expect(await (await again).text()).toBe('hello <AGAIN>\n');
  });
});

describe('weft serve --inspect, Ctrl-C', () => {
  let started: Inspected | undefined;

  beforeAll(async () => {
    started = await startInspected();
  });

  afterAll(() => stopInspected(started));

  // Ctrl-C would otherwise reach the paused call's run (the newest), end that call on resume and
  // leave Weft running; and a paused thread does not end until it resumes.
  it('stops on Ctrl-C while the worker is paused at a breakpoint', async () => {
    if (started === undefined) throw new Error('weft serve did not start');
    const { run, server, inspector } = started;
    const threads = await edgeThreads(inspector);
    const count = (channel: Channel): number => channel.events.filter((event) => event.method === 'Debugger.paused').length;
    const before = threads.map(({ channel }) => count(channel));
    await Promise.all(threads.map(({ channel, url, map }) => channel.send('Debugger.setBreakpointByUrl', { url, ...generatedPosition(map, 'src/main.ts', 6) })));
    void fetch(`${server}/stop`).catch(() => undefined);
    await Promise.any(threads.map(({ channel }, index) => channel.event('Debugger.paused', () => count(channel) > (before[index] ?? 0))));
    // The watchdog notices the pause at its next look (every 5 ms) and hands Ctrl-C back by
    // re-opening the interrupt holder's run; the terminal line comes once that is done, and a
    // person reads it before pressing Ctrl-C.
    await expect.poll(() => run.output().match(PAUSED_LINE)?.length ?? 0, { timeout: 10_000, interval: 20 }).toBe(1);
    // And Ctrl-C must have somewhere to go: a handler for SIGINT installed in the process (Node's
    // or the watchdog helper's), not the default action, which ends the process by the signal.
    await expect.poll(() => catchesSigint(run.child.pid), { timeout: 5000, interval: 20 }).toBe(true);
    run.child.kill('SIGINT');
    const code = await Promise.race([run.exited, sleep(8000).then(() => 'still running')]);
    expect(code).toBe(0);
  });
});

/** Whether process `pid` has a handler for SIGINT (signal 2: bit 1 of SigCgt in /proc/<pid>/status); true where /proc is not there. */
function catchesSigint(pid: number | undefined): boolean {
  try {
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return caught === undefined || (BigInt(`0x${caught}`) & 2n) !== 0n;
  } catch {
    return true;
  }
}

describe('weft dev --inspect', () => {
  let appDir: string;
  let run: Serve;

  beforeAll(async () => {
    appDir = tempDir({ 'weft.config.ts': `export default { entry: 'src/main.ts' };\n`, 'src/main.ts': MAIN, 'src/label.ts': LABEL });
    run = serve(['dev', '--inspect=0', '--port', '0'], appDir);
  });

  afterAll(async () => {
    run?.child.kill('SIGINT');
    if ((await Promise.race([run?.exited, sleep(5000).then(() => 'stuck')])) === 'stuck') run.child.kill('SIGKILL');
  });

  // Without --inspect a build is served in-process until its thread is up; here the very first
  // request runs on the edge thread, where the breakpoint is.
  it('stops the first request at a breakpoint in the app\'s TypeScript, named by its path on disk', async () => {
    const server = await printed(run, /➜ \S+\s+(http:\/\/127\.0\.0\.1:\d+)\//);
    const inspector = await Inspector.connect(await printed(run, /Debugger: (ws:\/\/\S+)/));
    try {
      const threads = await edgeThreads(inspector);
      const map = threads[0]?.map;
      if (map === undefined) throw new Error('no edge thread to attach to');
      expect(new URL('src/label.ts', map.sourceRoot).href).toBe(pathToFileURL(path.join(appDir, 'src/label.ts')).href);
      const at = generatedPosition(map, 'src/label.ts', 3);
      await Promise.all(threads.map(({ channel, url }) => channel.send('Debugger.setBreakpointByUrl', { url, ...at })));
      const response = fetch(`${server}/first`);
      const paused = (await Promise.any(threads.map(({ channel }) => channel.event('Debugger.paused')))) as { callFrames: Array<{ callFrameId: string }> };
      const thread = threads.find(({ channel }) => channel.events.some((event) => event.method === 'Debugger.paused'));
      const local = await thread?.channel.send('Debugger.evaluateOnCallFrame', { callFrameId: paused.callFrames[0]?.callFrameId, expression: 'word' });
      expect(local?.result).toMatchObject({ value: 'FIRST' });
      await thread?.channel.send('Debugger.resume');
      expect(await (await response).text()).toBe('hello <FIRST>\n');
    } finally {
      inspector.close();
    }
  });
});

describe('weft serve --inspect: bad input', () => {
  it('refuses a port that is not a number, with exit status 2', async () => {
    for (const command of [['main.js'], ['dev']]) {
      const run = serve([...command, '--inspect=notaport']);
      expect(await run.exited).toBe(2);
      expect(run.output()).toContain('--inspect=notaport: the debugger port must be an integer from 0 to 65535, as in --inspect=9229');
    }
  });

  it('says so when the debugger port is in use', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const dir = tempDir({ 'main.js': 'export function onClientRequest() {}\n' });
      const run = serve([dir, `--inspect=${port}`, '--port', '0']);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`--inspect: port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain('--inspect=0 for a free one');
    } finally {
      busy.close();
    }
  });

  it('refuses --threads 0, where there is no edge thread to debug', async () => {
    const dir = tempDir({ 'main.js': 'export function onClientRequest() {}\n' });
    const run = serve([dir, '--inspect', '--threads', '0']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('--inspect debugs the worker on its edge thread');
  });
});
