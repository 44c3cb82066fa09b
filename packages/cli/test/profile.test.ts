/**
 * Issue 14, CPU profiles, through the CLI's servers: `weft serve` (a real process, its edge thread,
 * and in-process with --threads 0) and `weft dev` answer `/__weft/trace/:id/profile.cpuprofile`
 * for a request sent with `x-weft-profile: 1`, whose trace names the hot TypeScript function.
 */
import path from 'node:path';
import { manifestSchema, type Trace } from '@weft/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../src/bundle/bundle-worker.ts';
import { writeServedBundle } from '../src/bundle/served-artifact.ts';
import { DevApp } from '../src/dev/dev-app.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { tempDir } from './helpers/temp.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/weft.js');

const MAIN = `import { createResponse } from 'create-response';
import { spin } from './hot.ts';

export function responseProvider(request: { path: string }) {
  return createResponse(200, { 'content-type': ['text/plain'] }, \`spun \${Number.isFinite(spin(request.path === '/hot' ? 300_000 : 10))}\`);
}
`;

// \`spin\` starts on line 2; its loop body, where the time goes, is line 5.
const HOT = `/** Deliberately hot. */
export function spin(rounds: number): number {
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    sum += Math.sqrt(i) * Math.sin(i);
  }
  return sum;
}
`;

interface CpuProfileShape { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] }

/** Sends /hot (with the flag, when asked); the trace once stored (a profiled one once its profile is read). */
async function sent(base: string, headers: Record<string, string>): Promise<Trace> {
  const response = await fetch(`${base}/hot`, { headers });
  const id = response.headers.get('x-weft-trace-id') ?? '';
  const text = await response.text();
  if (text !== 'spun true') {
    // Say what the handler did, from its trace, rather than only what the client got.
    const trace = (await (await fetch(`${base}/__weft/trace/${id}`)).json()) as Trace;
    throw new Error(`/hot answered ${JSON.stringify(text)}; its stages: ${JSON.stringify(trace.stages.map(({ stage, status, cpuMs, wallMs, error }) => ({ stage, status, cpuMs, wallMs, error: error?.message })))}`);
  }
  for (let i = 0; i < 300; i++) {
    const reply = await fetch(`${base}/__weft/trace/${id}`);
    if (reply.status === 200) return (await reply.json()) as Trace;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`trace ${id} was never stored`);
}

async function expectProfile(base: string, thread: 'edge' | 'main'): Promise<void> {
  const trace = await sent(base, { 'x-weft-profile': '1' });
  expect(trace.profile?.thread).toBe(thread);
  expect(trace.profile?.hot[0]).toMatchObject({ function: 'spin', kind: 'worker', file: 'src/hot.ts', line: 2, hotLine: 5 });
  const reply = await fetch(`${base}/__weft/trace/${trace.id}/profile.cpuprofile`);
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="weft-${trace.id}.cpuprofile"`);
  const profile = (await reply.json()) as CpuProfileShape;
  expect(profile.samples.length).toBe(profile.timeDeltas.length);
  expect(profile.samples.length).toBeGreaterThan(0);
  expect(profile.nodes.find((node) => node.callFrame.functionName === 'spin')?.callFrame).toMatchObject({ url: 'src/hot.ts', lineNumber: 1 });

  const plain = await sent(base, {});
  expect(plain.profile).toBeUndefined();
  const none = await fetch(`${base}/__weft/trace/${plain.id}/profile.cpuprofile`);
  expect(none.status).toBe(404);
  expect(await none.json()).toEqual({ error: `trace ${plain.id} has no CPU profile; send the request again with the header x-weft-profile: 1` });
  const unknown = await fetch(`${base}/__weft/trace/nope/profile.cpuprofile`);
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ error: 'no trace with id nope, so no CPU profile either' });
}

function serve(args: string[]): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

async function listening(run: ReturnType<typeof serve>): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const match = /Listening on (http:\/\/\S+)/.exec(run.output());
    if (match?.[1] !== undefined) return match[1];
    if (run.child.exitCode !== null) throw new Error(`weft serve exited: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`weft serve did not start: ${run.output()}`);
}

describe('CPU profiles under weft serve and weft dev', () => {
  let appDir: string;

  beforeAll(async () => {
    appDir = tempDir({ 'src/main.ts': MAIN, 'src/hot.ts': HOT, 'weft.config.ts': `export default { entry: 'src/main.ts' };\n` });
    const worker = await bundleWorker('src/main.ts', { appDir });
    writeServedBundle(appDir, worker, manifestSchema.parse({ 'edgeworker-version': '1.0.0' }));
  });

  it.each([
    ['its edge thread', [], 'edge'],
    ['in-process (--threads 0)', ['--threads', '0'], 'main'],
  ] as const)('weft serve profiles a flagged request on %s', async (_name, flags, thread) => {
    const run = serve([appDir, '--port', '0', ...flags]);
    try {
      await expectProfile(await listening(run), thread);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }, 60_000);

  describe('weft dev', () => {
    let app: DevApp;
    afterAll(() => app?.close());

    it('serves the profile of a flagged request from the app', async () => {
      app = await DevApp.start(path.join(appDir, 'weft.config.ts'), 0, { info: () => undefined, error: () => undefined }, { threads: 0 });
      await expectProfile(app.server?.url ?? '', 'main');
    }, 60_000);
  });
});
