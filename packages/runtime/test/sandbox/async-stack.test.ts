/**
 * A realm's promise-job loop stopped by vm (a timeout here, the watchdog's SIGINT on an edge thread)
 * leaves Node's async context stack one level deep; without `restoreAsyncStack` the next callback
 * Node runs aborts the process ("Assertion failed: (env_->execution_async_id()) == (0)").
 */
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asyncStackDepth, restoreAsyncStack } from '../../src/sandbox/async-stack.ts';
import { isVmError } from '../../src/sandbox/realm-entry.ts';

describe('restoreAsyncStack', () => {
  it('puts the stack back after a loop of promise jobs is stopped, so the process keeps running and AsyncLocalStorage keeps its store', async () => {
    const storage = new AsyncLocalStorage<string>();
    const realm = vm.createContext(Object.create(null) as object, { microtaskMode: 'afterEvaluate' });
    const start = vm.runInContext('(function () { const spin = () => Promise.resolve().then(spin); spin(); })', realm) as () => void;
    await storage.run('request 1', async () => {
      await readFile(import.meta.filename);
      const before = executionAsyncId();
      const depth = asyncStackDepth();
      // The timeout lands inside a job (the stack one level deep: the case that aborts Node) on
      // nearly every try; on a loaded machine it can land between two jobs, where nothing is off.
      let cutInsideJob = 0;
      for (let attempt = 0; attempt < 20 && cutInsideJob === 0; attempt++) {
        let stopped = false;
        try {
          start();
          // Any run in the realm drains its queue at the end; this one is stopped 20 ms in.
          vm.runInContext('undefined', realm, { timeout: 20 });
        } catch (error) {
          stopped = isVmError(error, 'ERR_SCRIPT_EXECUTION_TIMEOUT');
        }
        expect(stopped).toBe(true);
        const after = asyncStackDepth();
        expect([depth, depth + 1]).toContain(after);
        if (after === depth + 1) cutInsideJob++;
        restoreAsyncStack(depth);
        expect(asyncStackDepth()).toBe(depth);
        expect(executionAsyncId()).toBe(before);
      }
      // The job cut short never left its context, and the restore put the stack back.
      expect(cutInsideJob).toBe(1);
      // Callbacks from libuv (file I/O) and timers run again, with the store intact.
      await readFile(import.meta.filename);
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(storage.getStore()).toBe('request 1');
    });
  });
});
