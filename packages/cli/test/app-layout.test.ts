/**
 * `weft dev` in any layout (issue 13): inside an app's own folder it serves that app; at a root it
 * serves the apps `weft.workspace.json` lists (folders anywhere under the root), else those of apps/.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.ts';
import { appsHere, listApps } from '../src/workspace.ts';
import { captureOutput, tempDir } from './helpers/temp.ts';

const WORKER = (greeting: string): string => `export function onClientRequest(request: EW.IngressClientRequest): void {
  request.respondWith(200, { 'content-type': ['text/plain'] }, '${greeting}');
}
`;
const app = (greeting: string): Record<string, string> => ({ 'src/main.ts': WORKER(greeting), 'weft.config.ts': `export default { entry: 'src/main.ts' };` });
const under = (folder: string, files: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${folder}/${name}`, text]));

const BIN = path.resolve(import.meta.dirname, '../bin/weft.js');

/** Runs `weft dev` in `cwd` until its banner is out; returns the URL of each app by name. */
async function devIn(cwd: string, run: (urls: Map<string, string>) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'dev'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await expect.poll(() => out, { timeout: 25_000, interval: 100 }).toMatch(/Ctrl\+C to stop/);
    const urls = new Map([...out.matchAll(/➜ (\S+)\s+(http:\/\/127\.0\.0\.1:\d+)\//g)].map((m) => [m[1] as string, m[2] as string]));
    await run(urls);
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('which apps a command works on', () => {
  it('is the app whose folder it runs in, even inside a workspace', () => {
    const root = tempDir({ 'pnpm-workspace.yaml': '', ...under('apps/one', app('one')), ...under('apps/two', app('two')) });
    expect(appsHere(path.join(root, 'apps/two')).map((a) => a.name)).toEqual(['two']);
    expect(appsHere(root).map((a) => a.name)).toEqual(['one', 'two']);
  });

  it('is what weft.workspace.json lists, in its order, from any folder below the root', () => {
    const root = tempDir({ 'weft.workspace.json': JSON.stringify({ apps: ['workers/search', 'edge/checkout'] }), ...under('workers/search', app('s')), ...under('edge/checkout', app('c')) });
    expect(listApps(root).map((a) => [a.name, path.relative(root, a.dir)])).toEqual([['search', 'workers/search'], ['checkout', 'edge/checkout']]);
    expect(appsHere(path.join(root, 'workers')).map((a) => a.name)).toEqual(['search', 'checkout']);
  });

  it('refuses a weft.workspace.json that is not a list of app folders, naming the fix', () => {
    const notJson = tempDir({ 'weft.workspace.json': '{ apps: [' });
    expect(() => listApps(notJson)).toThrow(ConfigError);
    expect(() => listApps(notJson)).toThrow(/cannot read .*weft\.workspace\.json/);
    const wrongShape = tempDir({ 'weft.workspace.json': JSON.stringify({ apps: 'workers/a' }) });
    expect(() => listApps(wrongShape)).toThrow(/write \{ "apps": \["path\/to\/app", \.\.\.\] \}/);
    const noConfig = tempDir({ 'weft.workspace.json': JSON.stringify({ apps: ['workers/a'] }), 'workers/a/src/main.ts': WORKER('a') });
    expect(() => listApps(noConfig)).toThrow(/apps: "workers\/a" has no weft\.config\.ts/);
  });
});

describe('weft dev in any layout', () => {
  it('serves the app whose folder it starts in (a project made with weft init, no workspace)', async () => {
    const dir = tempDir(app('just this one'));
    await devIn(dir, async (urls) => {
      expect([...urls.keys()]).toEqual([path.basename(dir)]);
      expect(await (await fetch(`${urls.get(path.basename(dir))}/`)).text()).toBe('just this one');
    });
  }, 40_000);

  it('serves every app a root weft.workspace.json names', async () => {
    const root = tempDir({ 'weft.workspace.json': JSON.stringify({ apps: ['workers/search', 'edge/checkout'] }), ...under('workers/search', app('from search')), ...under('edge/checkout', app('from checkout')) });
    await devIn(root, async (urls) => {
      expect(await (await fetch(`${urls.get('search')}/`)).text()).toBe('from search');
      expect(await (await fetch(`${urls.get('checkout')}/`)).text()).toBe('from checkout');
    });
  }, 40_000);

  it('says where it looked when there is no app, and how to make one', async () => {
    const empty = tempDir({ 'README.md': 'nothing here' });
    const cwd = process.cwd();
    process.chdir(empty);
    try {
      const { main } = await import('../src/main.ts');
      const { result, stderr } = await captureOutput(() => main(['dev']));
      expect(result).toBe(2);
      expect(stderr).toContain(`${empty} has no weft.config.ts and ${path.join(empty, 'apps')} names no app folder`);
      expect(stderr).toMatch(/weft init my-worker/);
    } finally {
      process.chdir(cwd);
    }
  });
});
