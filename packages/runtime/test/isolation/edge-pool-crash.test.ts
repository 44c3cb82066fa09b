import { afterEach, describe, expect, it, vi } from 'vitest';
import { EdgePool, type PoolEvent } from '../../src/isolation/edge-pool.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { request, text } from './helpers.ts';

const CRASH = { module: new URL('./fixtures/crash-pipeline.ts', import.meta.url).href };
const bundle = (): string => writeBundle({ 'main.js': 'export function onClientRequest() {}\n' });

/** What this process writes to stderr from now on (the spy is restored after each test). */
function captureStderr(): () => string {
  let written = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  return () => written;
}

describe('EdgePool: a thread that crashes is said on the terminal, not only kept in pool.events', () => {
  const pools: EdgePool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    vi.restoreAllMocks();
  });

  it('reports the crash through onCrash, answers the request it cost with 503, and serves the next one', async () => {
    const crashes: PoolEvent[] = [];
    const pool = await EdgePool.create({ bundle: bundle(), pipeline: CRASH, spare: false, onCrash: (event) => crashes.push(event) });
    pools.push(pool);
    const lost = await pool.handle(request('/crash'));
    expect(lost.status).toBe(503);
    expect(crashes).toEqual([expect.objectContaining({ kind: 'crashed', message: expect.stringMatching(/^The edge instance \(thread \d+\) stopped unexpectedly/) })]);
    const next = await pool.handle(request('/'));
    expect(next.status).toBe(200);
    expect(await text(next)).toBe('ok');
  });

  it('closing the pool with a request in flight is no crash: nothing is reported, the request gets 503 with the reason', async () => {
    const written = captureStderr();
    const crashes: PoolEvent[] = [];
    const pool = await EdgePool.create({ bundle: bundle(), pipeline: CRASH, spare: false, onCrash: (event) => crashes.push(event) });
    const hanging = pool.handle(request('/hang'));
    // The request is on its thread once the thread has answered another one after it.
    expect((await pool.handle(request('/'))).status).toBe(200);
    await pool.close();
    const answer = await hanging;
    expect(answer.status).toBe(503);
    expect(await text(answer)).toMatch(/Weft is shutting down/);
    expect(crashes).toEqual([]);
    expect(written()).not.toMatch(/stopped unexpectedly/);
  });

  it('writes the crash to stderr with the weft: prefix by default', async () => {
    const written = captureStderr();
    const pool = await EdgePool.create({ bundle: bundle(), pipeline: CRASH, spare: false });
    pools.push(pool);
    expect((await pool.handle(request('/crash'))).status).toBe(503);
    expect(written()).toMatch(/^weft: The edge instance \(thread \d+\) stopped unexpectedly/m);
  });

  it('a pipeline that fails in a thread answers 500 and prints the stack on stderr, as in-process', async () => {
    const written = captureStderr();
    const pool = await EdgePool.create({ bundle: bundle(), pipeline: CRASH, spare: false });
    pools.push(pool);
    const failed = await pool.handle(request('/throw'));
    expect(failed.status).toBe(500);
    // The thread's stderr reaches this process through its pipe, a moment later.
    await vi.waitFor(() => expect(written()).toContain('weft: internal error while running the pipeline for GET /throw'));
    expect(written()).toContain('Error: a bug in the pipeline\n    at ');
    expect((await pool.handle(request('/'))).status).toBe(200);
  });
});
