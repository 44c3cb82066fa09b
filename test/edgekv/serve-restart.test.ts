/**
 * `weft serve` of a bundle folder holding the unmodified helper and its tokens file, with no
 * configuration beyond `--edgekv DIR`: seeded data is read, and what the worker writes survives a
 * restart of the server (the store on disk under .weft/edgekv/).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { writeApp } from './worker.ts';
import { listening, weft, type WeftProcess } from '../support/weft-process.ts';

const children: ChildProcess[] = [];

/** A `weft` process this file stops after each test. */
function tracked(args: string[]): WeftProcess {
  const run = weft(args);
  children.push(run.child);
  return run;
}

async function getJson(url: string): Promise<unknown> {
  const response = await request(url);
  return response.body.json();
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('weft serve --edgekv', () => {
  it('serves seeded data, and writes survive a restart', async () => {
    const app = writeApp();
    const args = ['serve', path.join(app, 'src'), '--edgekv', path.join(app, 'edgekv'), '--port', '0'];
    const first = tracked(args);
    const url = await listening(first, { ready: 'EdgeKV: ' });
    expect(first.output()).toMatch(/EdgeKV: http:\/\/127\.0\.0\.1:\d+ \(seed .*edgekv, store .*\.weft\/edgekv, 2 items seeded\)/);
    expect(await getJson(`${url}/text?item=apple`)).toEqual({ value: 'one euro' });
    expect(await getJson(`${url}/put-text?item=kiwi&value=green`)).toMatchObject({ put: expect.stringContaining('kiwi') as unknown });
    expect(await getJson(`${url}/put-text?item=apple&value=changed`)).toMatchObject({ put: expect.any(String) as unknown });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(app, '.weft/edgekv/shop/prices/kiwi'))).toBe(true);

    const second = tracked(args);
    const again = await listening(second, { ready: 'EdgeKV: ' });
    expect(second.output()).not.toMatch(/items seeded/);
    expect(await getJson(`${again}/text?item=kiwi`)).toEqual({ value: 'green' });
    // The seed file did not change, so the worker's write of a seeded item stands.
    expect(await getJson(`${again}/text?item=apple`)).toEqual({ value: 'changed' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('warns when a bundle uses edgekv.js and no EdgeKV is configured', async () => {
    const app = writeApp();
    const run = tracked(['serve', path.join(app, 'src'), '--port', '0', '--threads', '0']);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/Listening on/.test(run.output())) {
          clearInterval(timer);
          resolve();
        } else if (run.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(run.output()));
        }
      }, 50);
    });
    expect(run.output()).toContain('the bundle uses EdgeKV (edgekv.js) but no local EdgeKV is configured; pass --edgekv DIR');
    run.child.kill('SIGTERM');
    await run.exited;
  });
});
