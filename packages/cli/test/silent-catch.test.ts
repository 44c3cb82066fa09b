/**
 * Issue 12, group 8, as a `weft dev` user sees it: a failure that stops part of the dev server
 * (watching files, retiring a replaced bundle) is said on the terminal, with what to do.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeServer } from '@weft/runtime';
import { loadAppConfig } from '../src/config/load.ts';
import { DevApp, type DevLog } from '../src/dev/dev-app.ts';
import { watchApp } from '../src/dev/watch.ts';
import { AppEdge, inProcess } from '../src/edge/app-edge.ts';
import { sampleApp } from './helpers/app.ts';
import { tempDir } from './helpers/temp.ts';

const WORKER = (text: string): string => `export function onClientRequest(request: EW.IngressClientRequest): void {
  request.respondWith(200, { 'content-type': ['text/plain'] }, '${text}');
}
`;

/** The error fs.watch emits when inotify is out of watches or instances, as Node builds it. */
function watchLimitError(code: 'ENOSPC' | 'EMFILE'): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'System limit for number of file watchers reached' : 'too many open files';
  return Object.assign(new Error(`${code}: ${text}, watch`), { code, errno: code === 'ENOSPC' ? -28 : -24, syscall: 'watch' });
}

function collectingLog(): DevLog & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => undefined, error: (line) => errors.push(line) };
}

describe('weft dev: a watcher that fails says so, with the fix', () => {
  let dir: string;
  let app: DevApp;
  const log = collectingLog();
  const url = (p: string): string => `${app.server?.url ?? ''}${p}`;

  beforeAll(async () => {
    dir = sampleApp({ 'src/main.ts': WORKER('v1'), 'weft.config.ts': `export default { name: 'sample', entry: 'src/main.ts' };` });
    app = await DevApp.start(path.join(dir, 'weft.config.ts'), 0, log, { threads: 0 });
  });
  afterAll(() => app.close());

  it('an exhausted inotify limit prints how to raise it, and that reloads stopped; the app keeps serving', async () => {
    expect(((await (await fetch(url('/__weft/build'))).json()) as { watching: boolean }).watching).toBe(true);
    const watcher = app.watcher;
    if (watcher === undefined) throw new Error('the app should be watching its folder');
    watcher.emit('error', watchLimitError('ENOSPC'));
    const said = log.errors.join('\n');
    expect(said).toContain(`weft dev: sample: cannot watch ${dir} for changes: the system limit on inotify watches is used up (ENOSPC).`);
    expect(said).toContain('sudo sysctl fs.inotify.max_user_watches=524288');
    expect(said).toContain('Reloads stopped');
    expect(((await (await fetch(url('/__weft/build'))).json()) as { watching: boolean }).watching).toBe(false);
    // Still serving, and a request still notices a saved change (by its modification time).
    expect(await (await fetch(url('/'))).text()).toBe('v1');
    writeFileSync(path.join(dir, 'src/main.ts'), WORKER('v2'));
    expect(await (await fetch(url('/'))).text()).toBe('v2');
  });
});

describe('watchApp: failures it reports and failures it lets through', () => {
  it('names the inotify instance and open-file limits for EMFILE', () => {
    const dir = tempDir({ 'a.txt': 'a' });
    const said: string[] = [];
    const watcher = watchApp(dir, () => undefined, (message) => said.push(message));
    try {
      watcher?.emit('error', watchLimitError('EMFILE'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('fs.inotify.max_user_instances');
      expect(said[0]).toContain('ulimit -n');
      expect(said[0]).toContain('Restart weft dev once this is fixed.');
    } finally {
      watcher?.close();
    }
  });

  it('an error that is not a watch limit is still reported, with its own message', () => {
    const dir = tempDir({ 'a.txt': 'a' });
    const said: string[] = [];
    const watcher = watchApp(dir, () => undefined, (message) => said.push(message));
    try {
      watcher?.emit('error', Object.assign(new Error('EPERM: operation not permitted, watch'), { code: 'EPERM' }));
      expect(said).toEqual([expect.stringContaining('EPERM: operation not permitted, watch. Reloads stopped')]);
    } finally {
      watcher?.close();
    }
  });

  it('a folder that does not exist is not a watch limit: the error is thrown to the caller', () => {
    const missing = path.join(tempDir(), 'not-here');
    const said: string[] = [];
    expect(() => watchApp(missing, () => undefined, (message) => said.push(message))).toThrow(/ENOENT/);
    expect(said).toEqual([]);
  });
});

describe('AppEdge: a replaced bundle that fails to retire is reported', () => {
  it('says so on the terminal and serves the new bundle', async () => {
    const dir = sampleApp({ 'src/main.ts': WORKER('one'), 'weft.config.ts': `export default { name: 'sample', entry: 'src/main.ts' };` });
    const reported: string[] = [];
    const edge = await AppEdge.start(await loadAppConfig(dir), {
      load: inProcess,
      // A retire hook that fails (the dev server's keeps the old bundle's traces here).
      retire: () => Promise.reject(new Error('the trace archive is full')),
      report: (line) => reported.push(line),
    });
    try {
      writeFileSync(path.join(dir, 'src/main.ts'), WORKER('two'));
      const state = await edge.rebuild();
      if (state.kind !== 'ready') throw new Error(`the app should build: ${state.error.message}`);
      const server = await createEdgeServer({ handler: state.loaded.handle });
      try {
        expect(await (await fetch(`${server.url}/`)).text()).toBe('two');
      } finally {
        await server.close();
      }
      await expect.poll(() => reported.join('\n')).toContain('internal error while retiring the bundle a rebuild replaced');
      expect(reported[0]).toMatch(/^weft: sample: .*Error: the trace archive is full\n {4}at /s);
    } finally {
      // Its own retire hook fails again for the current bundle: reported, and the rest still closes.
      await edge.close();
    }
    expect(reported).toHaveLength(2);
  });
});
