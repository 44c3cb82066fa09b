/**
 * Standby edge threads (isolation/standby.ts): started before the command loads the rest of Weft,
 * taken by the first thread the pool starts, which then only sends its data.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EdgePool } from '../../src/isolation/edge-pool.ts';
import { DEFAULT_THREAD_HEAP_MB, takeStandbyThread, warmEdgeThreads } from '../../src/isolation/standby.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { PROBE_WORKER } from './fixtures/workers.ts';
import { json, PROBE } from './helpers.ts';

describe('standby edge threads', () => {
  it('the pool takes a standby thread with its heap cap, and it serves', async () => {
    const [standby] = warmEdgeThreads(1, DEFAULT_THREAD_HEAP_MB);
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, size: 1, spare: false });
    try {
      // Taken: nothing is left waiting.
      expect(takeStandbyThread(DEFAULT_THREAD_HEAP_MB)).toBeUndefined();
      const answer = await json(pool, '/from-standby');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'Success', value: { path: '/from-standby' } });
      expect(answer.body.thread).toBe(standby);
    } finally {
      await pool.close();
    }
  });

  it('a standby with another heap cap is left alone (the pool starts its own thread)', async () => {
    const [standby] = warmEdgeThreads(1, 320);
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, size: 1, spare: false });
    try {
      const own = await json(pool, '/own');
      expect(own.status).toBe(200);
      expect(own.body.thread).not.toBe(standby);
      const left = takeStandbyThread(320);
      expect(left).toBeDefined();
      await left?.terminate();
    } finally {
      await pool.close();
    }
  });

  it('an untaken standby does not keep the process alive', () => {
    const script = `const { warmEdgeThreads } = await import(${JSON.stringify(new URL('../../src/isolation/standby.ts', import.meta.url).href)}); warmEdgeThreads(2); console.log('warmed');`;
    const run = spawnSync(process.execPath, ['--conditions=weft-source', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('warmed');
    expect(run.status).toBe(0);
  });
});
