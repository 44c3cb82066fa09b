/**
 * Issue 12, groups 1 and 5: under `weft serve`, a handler call past its CPU limit fails alone with
 * CpuTimeoutError (spec §21.1, §2.6) while the edge thread goes on serving the requests beside it,
 * and Ctrl-C still stops the server cleanly although Node's SIGINT helper carries the watchdog's
 * interruptions (docs/edge-threads.md, packages/runtime/src/isolation/interrupts.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const WORKER = `let served = 0;
export function onClientRequest(request) {
  served++;
  if (request.path === '/spin') for (;;);
  if (request.path === '/compute') { let x = 0; for (let i = 0; i < 1e5; i++) x += i; request.respondWith(200, {}, 'computed ' + x); return; }
  request.respondWith(200, {}, 'served ' + served);
}
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'weft-interrupts-'));
  writeFileSync(path.join(dir, 'main.js'), WORKER);
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0.0', description: 'runaway interrupts' }));
});

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await request(url, { headersTimeout: 30_000, bodyTimeout: 30_000 });
  return { status: response.statusCode, body: await response.body.text() };
}

// With two threads, the gate keeps the other thread out of its runs while a signal is on its way.
describe.each([
  ['one edge thread', []],
  ['two edge threads', ['--threads', '2']],
] as const)('weft serve stops runaway handler calls and keeps its edge threads, %s', (_label, extra) => {
  let run: WeftProcess;
  let url: string;

  beforeAll(async () => {
    run = weft(['serve', dir, '--port', '0', '--tier', '100', ...extra]);
    url = await listening(run);
  });

  afterAll(async () => {
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    await run.exited;
  });

  // spec §21.1 (tier 100: 10 ms CPU per handler), §2.6: each runaway is a 500; the requests around
  // them, on the one edge thread, all answer 200, and the worker's module state lives on.
  it('answers every runaway with a 500 and every request beside them with a 200, with no thread recycled', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => (i % 8 === 3 ? '/spin' : i % 2 === 0 ? '/compute' : '/ok'));
    const replies = await Promise.all(paths.map((p) => get(`${url}${p}`)));
    paths.forEach((p, i) => expect(replies[i]?.status, `${p}: ${replies[i]?.body}`).toBe(p === '/spin' ? 500 : 200));
    // Module state lives on: with one thread, its counter has seen every request.
    const after = await get(`${url}/ok`);
    expect(after.status).toBe(200);
    if (extra.length === 0) expect(after.body).toBe(`served ${paths.length + 1}`);
    expect(run.output()).not.toMatch(/recycled|stopped unexpectedly/);
  }, 60_000);

  it('stops on Ctrl-C as before: SIGINT reaches the server, which closes and exits 0', async () => {
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 20_000);
});
