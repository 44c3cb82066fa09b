/**
 * Issue 12, group 4: the stacks worker code can read name only the worker's own frames (its bundle
 * files, line and column), as at the edge; the platform's and the host's frames stay in the trace,
 * for the developer. Checked under `weft serve` with an edge thread and in-process (--threads 0).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const UTIL = `export function inner() { const nothing = null; return nothing.x; }
export function each(list, fn) { return list.map(fn); }
`;

const MAIN = `import { createResponse } from 'create-response';
import { ReadableStream } from 'streams';
import { inner, each } from './util.js';

function caught(fn) {
  try { fn(); } catch (error) { return error.stack; }
  return 'did not throw';
}

export async function responseProvider(request) {
  const out = {};
  out.sync = caught(() => inner());
  try { await Promise.reject(new Error('async')); } catch (error) { out.async = error.stack; }
  out.builtin = caught(() => request.setHeader('bad name', 'x'));
  out.callback = caught(() => new ReadableStream({ start() { throw new Error('from start'); } }));
  out.nested = caught(() => each([1], () => inner()));
  Error.prepareStackTrace = (error, sites) => sites.map((site) => ({
    file: site.getFileName() ?? null, line: site.getLineNumber(), fn: site.getFunctionName(),
    self: typeof site.getThis(), callee: typeof site.getFunction(), text: String(site),
  }));
  out.sites = new Error('sites').stack;
  out.hookType = typeof Error.prepareStackTrace;
  Error.prepareStackTrace = undefined;
  out.after = new Error('after').stack;
  return createResponse(200, { 'content-type': ['application/json'] }, JSON.stringify(out));
}

export function onClientRequest(request) {
  if (request.path === '/throw') inner();
}
`;

interface Site { file: string | null; line: number | null; fn: string | null; self: string; callee: string; text: string }
interface Stacks { sync: string; async: string; builtin: string; callback: string; nested: string; sites: Site[]; hookType: string; after: string }

/** A frame line worker code may see: one of its bundle files, or a built-in without a file. */
const WORKER_FRAME = /^ {4}at (?:.+ \()?(?:(?:main|util)\.js:\d+:\d+|<anonymous>|native)\)?$/;
const HOST_MARKS = ['file:', 'node:', 'weft-platform', 'weft-sandbox', '/packages/', 'AsyncLocalStorage'];

function frameLines(stack: string): string[] {
  return stack.split('\n').slice(1);
}

function expectWorkerOnly(stack: string): void {
  for (const mark of HOST_MARKS) expect(stack).not.toContain(mark);
  for (const line of frameLines(stack)) expect(line).toMatch(WORKER_FRAME);
}

describe.each([
  ['one edge thread (the default)', []],
  ['--threads 0 (in-process)', ['--threads', '0']],
])('worker-visible stacks under weft serve, %s', (_label, extra) => {
  let run: WeftProcess;
  let url: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-stacks-'));
    writeFileSync(path.join(dir, 'main.js'), MAIN);
    writeFileSync(path.join(dir, 'util.js'), UTIL);
    writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0', description: 'stacks' }));
    run = weft(['serve', dir, '--origin', 'http://127.0.0.1:9', '--port', '0', ...extra]);
    url = await listening(run);
  });

  afterAll(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
  });

  async function stacks(): Promise<Stacks> {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    return (await response.json()) as Stacks;
  }

  it('an error thrown in a worker function names its bundle file, line and column, and nothing of the host', async () => {
    const { sync, async: rejected, nested } = await stacks();
    expect(frameLines(sync)[0]).toBe('    at inner (util.js:1:64)');
    expect(sync).toMatch(/at responseProvider \(main\.js:12:\d+\)/);
    expectWorkerOnly(sync);
    expect(frameLines(rejected)[0]).toMatch(/^ {4}at responseProvider \(main\.js:13:\d+\)$/);
    expectWorkerOnly(rejected);
    // A built-in frame between the worker's own (Array.prototype.map) stays, as V8 shows it at the edge.
    expect(nested).toMatch(/at Array\.map \(<anonymous>\)/);
    expectWorkerOnly(nested);
  });

  it('an error a built-in module throws at the worker shows the worker call site, not the platform code', async () => {
    const { builtin, callback } = await stacks();
    expect(builtin).toMatch(/^TypeError: /);
    expect(frameLines(builtin)[0]).toMatch(/main\.js:14:\d+/);
    expectWorkerOnly(builtin);
    // A worker callback the platform calls (a stream's start): its frame and the worker's caller, not the stream machinery between.
    expect(callback).toMatch(/^Error: from start\n {4}at (?:Object\.)?start \(main\.js:15:\d+\)/);
    expectWorkerOnly(callback);
  });

  it("a worker's own Error.prepareStackTrace gets only its frames, in bundle positions, with no receiver or function", async () => {
    const { sites, hookType, after } = await stacks();
    expect(sites.length).toBeGreaterThan(0);
    expect(sites[0]).toMatchObject({ file: 'main.js', line: 21, fn: 'responseProvider', self: 'undefined', callee: 'undefined' });
    for (const site of sites) {
      expect(site.file === null || site.file === 'main.js' || site.file === 'util.js').toBe(true);
      expect(site.self).toBe('undefined');
      expect(site.callee).toBe('undefined');
      for (const mark of HOST_MARKS) expect(site.text).not.toContain(mark);
    }
    // Known difference (stack-view.ts): reading the hook gives the platform's formatter.
    expect(hookType).toBe('function');
    // Setting it back to undefined restores the default format.
    expect(after).toMatch(/^Error: after\n {4}at responseProvider \(main\.js:24:\d+\)/);
    expectWorkerOnly(after);
  });

  it('the trace keeps the whole stack, platform and host frames included, and the frames of the worker', async () => {
    const response = await fetch(`${url}/throw`);
    expect(response.status).toBe(500);
    const id = response.headers.get('x-weft-trace-id');
    expect(id).toBeTruthy();
    const trace = (await (await fetch(`${url}/__weft/trace/${id}`)).json()) as { stages: Array<{ stage: string; error?: { stack?: string; frames: Array<{ file: string; line: number }> } }> };
    const failed = trace.stages.find((stage) => stage.stage === 'onClientRequest');
    expect(failed?.error?.frames.map((frame) => `${frame.file}:${frame.line}`)).toEqual(['util.js:1', 'main.js:29']);
    expect(failed?.error?.stack).toContain('weft-platform.js');
    expect(failed?.error?.stack).toMatch(/at inner \(util\.js:1:64\)/);
  });
});
