/**
 * Issue 15, ports, through the real binary: `weft dev --port N` with several apps gives the first N
 * and the others the next free ports; a port another process holds is reported once with the app's
 * name and what to do, and bound by the command itself as soon as it is free.
 */
import { cpSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { weftStart, type Running } from '../helpers/weft-bin.ts';

const WORKER = (text: string): string => `export function onClientRequest(request: EW.IngressClientRequest): void {
  request.respondWith(200, {}, '${text}');
}
`;

/** A workspace with apps/<name> for each name, each answering its own name. */
function workspace(names: readonly string[], configs: Record<string, string> = {}): string {
  const root = tempDir({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
  for (const name of names) cpSync(sampleApp({ 'src/main.ts': WORKER(name), 'weft.config.ts': configs[name] ?? `export default { entry: 'src/main.ts' };` }), path.join(root, 'apps', name), { recursive: true });
  return root;
}

async function hold(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

/** A free port P whose next three are free too (checked, then released). */
async function freeRun(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const probe = await hold(0);
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    if (port > 65000) continue;
    const held = await Promise.all([1, 2, 3].map((offset) => hold(port + offset).catch(() => undefined)));
    await Promise.all(held.map((server) => (server === undefined ? undefined : new Promise((resolve) => server.close(resolve)))));
    if (held.every((server) => server !== undefined)) return port;
  }
  throw new Error('no run of four free ports');
}

const urlOf = (out: string, app: string, suffix = ''): string | undefined => new RegExp(`➜ ${app} +(http://127\\.0\\.0\\.1:\\d+)/ ${suffix}`).exec(out)?.[1];

describe('weft dev ports', () => {
  let run: Running | undefined;
  const blockers: Server[] = [];
  afterEach(async () => {
    await run?.stop();
    run = undefined;
    await Promise.all(blockers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('--port N with several apps: the first gets N, the others the next free ports (a held one skipped), whatever their configs say', async () => {
    const port = await freeRun();
    blockers.push(await hold(port + 1));
    const root = workspace(['alpha', 'beta', 'gamma'], { gamma: `export default { entry: 'src/main.ts', port: 8799 };` });
    run = weftStart(['dev', '--port', String(port), '--threads', '0'], root);
    await expect.poll(() => run?.output(), { timeout: 20_000, interval: 100 }).toMatch(/Ctrl\+C to stop/);
    const out = run.output();
    expect(out).toContain('3 of 3 apps ready');
    expect(urlOf(out, 'alpha')).toBe(`http://127.0.0.1:${port}`);
    expect(urlOf(out, 'beta')).toBe(`http://127.0.0.1:${port + 2}`);
    expect(urlOf(out, 'gamma')).toBe(`http://127.0.0.1:${port + 3}`);
    for (const name of ['alpha', 'beta', 'gamma']) expect(await (await fetch(`${urlOf(out, name) ?? ''}/`)).text()).toBe(name);
  }, 40_000);

  it('a port in use: said once, with the app and what to do; bound by the command as soon as it is free', async () => {
    const port = await freeRun();
    blockers.push(await hold(port));
    const root = workspace(['alpha']);
    run = weftStart(['dev', 'alpha', '--port', String(port), '--threads', '0'], root);
    await expect.poll(() => run?.output(), { timeout: 20_000, interval: 100 }).toMatch(/Ctrl\+C to stop/);
    expect(run.stdout()).toContain(`… alpha  waiting for port ${port} (in use by another process; retrying every second)`);
    expect(run.stderr()).toContain(`alpha: port ${port} on 127.0.0.1 is already in use (another weft, or another server?); stop the process holding it, or pick other ports with \`weft dev --port N\``);
    expect(run.stderr()).toContain('Retrying every 1 s until it is free.');
    // Two more retries: still one message, no raw EADDRINUSE.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(run.stderr().split('already in use')).toHaveLength(2);
    expect(run.output()).not.toMatch(/EADDRINUSE/);
    await new Promise((resolve) => blockers.pop()?.close(resolve));
    await expect.poll(() => run?.stdout(), { timeout: 5000, interval: 100 }).toMatch(/➜ alpha +http:\/\/127\.0\.0\.1:\d+\/ +is up/);
    expect(urlOf(run.stdout(), 'alpha', ' +is up')).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('alpha');
    expect(await run.stop()).toBe(0);
  }, 40_000);
});
