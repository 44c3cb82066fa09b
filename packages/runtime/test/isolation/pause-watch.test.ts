/**
 * Issue 14, breakpoints: what `--inspect` changes on an edge thread when no debugger pauses it
 * (packages/cli/test/inspect.test.ts drives a real one). The thread watches its pauses without
 * pausing itself, the heartbeat tells the watchdog about a pause, and the limits leave paused
 * time out.
 */
import { describe, expect, it } from 'vitest';
import { createHeartbeatBuffer, HeartbeatReader, HeartbeatWriter, sharedNow } from '../../src/isolation/heartbeat.ts';
import { EdgePool } from '../../src/isolation/edge-pool.ts';
import { loadBundle } from '../../src/loader/load.ts';
import { createSandbox } from '../../src/sandbox/instance.ts';
import { NO_MONITOR, type InvocationMonitor } from '../../src/sandbox/monitor.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { callInput, invocationContext } from '../sandbox/context.ts';
import { json, PROBE } from './helpers.ts';

describe('the heartbeat of a paused thread', () => {
  it('says the thread is paused, and on resume times the run under way from a start that much later', () => {
    const buffer = createHeartbeatBuffer();
    const writer = new HeartbeatWriter(buffer, 1_000_000);
    const reader = new HeartbeatReader(buffer);
    try {
      writer.begin(7, 'onClientRequest', 10);
      const before = reader.syncRun(sharedNow());
      expect(reader.pause()).toBeUndefined();
      writer.paused('debugger');
      expect(reader.pause()).toBe('debugger');
      writer.resumed(5000);
      expect(reader.pause()).toBeUndefined();
      const after = reader.syncRun(sharedNow());
      // A new key, so the watchdog times the run afresh, and 5 s less of running time.
      expect(after?.key).toBe((before?.key ?? 0) + 5000);
      expect(after?.runningMs).toBeLessThan(0);
      writer.paused('out-of-memory');
      writer.resumed(1);
      expect(reader.pause()).toBe('out-of-memory');
    } finally {
      writer.stop();
    }
  });
});

describe('the wall limit under --inspect', () => {
  it('leaves out the time the thread stood paused', async () => {
    const sandbox = createSandbox(await loadBundle(writeBundle({ 'main.js': 'export function onClientRequest() { return new Promise(() => {}); }' })), {
      // A pause of 150 ms that starts with the call: what a debugger's PauseClock reports.
      monitor: pausedFor(150),
    });
    const started = performance.now();
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext('onClientRequest', 100), { wallMs: 50 });
    expect(outcome.status).toBe('WallTimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    // The outcome's wall time is the handler's own.
    expect(outcome.wallMs).toBeLessThan(100);
  });
});

function pausedFor(ms: number): InvocationMonitor {
  let start: number | undefined;
  return {
    ...NO_MONITOR,
    pauses: {
      pausedMs: () => {
        start ??= performance.now();
        return Math.min(ms, performance.now() - start);
      },
    },
  };
}

describe('an edge thread under --inspect with no debugger attached', () => {
  const DEBUGGER_STATEMENT = `export function onClientRequest() { debugger; return 'went on'; }`;

  it('runs past a debugger statement, as under node --inspect with nobody attached', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': DEBUGGER_STATEMENT }), pipeline: PROBE, spare: false, inspect: {} });
    try {
      const { status, body } = await json(pool, '/');
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'Success', value: 'went on' });
    } finally {
      await pool.close();
    }
  });
});
