/**
 * Weft as a team installs it into its own worker project (issue 13): the packages are built and
 * packed, installed with plain npm into a folder outside the repository, and a project made with
 * `weft init` is served, tested, built and validated with the installed CLI, which runs the
 * packages' built JavaScript (no sources, no tsx over Weft's own code).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installWeft, PLAIN_ENV, runChecked as run, type InstalledWeft } from '../support/installed-weft.ts';

const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Manifest {
  name: string;
  exports: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

describe('installed with npm into a project outside the repository', () => {
  let installed: InstalledWeft;
  let project: string;
  let worker: string;

  beforeAll(() => {
    installed = installWeft(['vitest@^4.1.12']);
    expect(installed.tarballs).toHaveLength(6);
    project = installed.project;
    worker = path.join(project, 'my-worker');
  }, 240_000);

  it('installs JavaScript and declarations only', () => {
    const cli = path.join(project, 'node_modules/@weft/cli');
    expect(existsSync(path.join(cli, 'dist/main.js'))).toBe(true);
    expect(existsSync(path.join(cli, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(path.join(cli, 'src'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/@weft/runtime/dist/platform-script.txt'))).toBe(true);
  });

  it('ships manifests npm understands: versions, not workspace links, and exports that reach dist/', () => {
    for (const tarball of installed.tarballs) {
      const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], project).stdout) as Manifest;
      const specs = Object.values({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies });
      expect(specs.filter((spec) => spec.startsWith('workspace:')), manifest.name).toEqual([]);
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        // "weft-source" names the repository's sources; every other consumer gets dist/ (or nothing, for a sources-only export).
        const { 'weft-source': source, ...rest } = target;
        expect(source, `${manifest.name} ${subpath}`).toMatch(/^\.\/src\//);
        for (const file of Object.values(rest)) expect(file, `${manifest.name} ${subpath}`).toMatch(/^\.\/dist\//);
      }
    }
  });

  it('npx weft init, then weft dev serves the scaffold from inside its folder', async () => {
    run(NPX, ['--no', 'weft', 'init', 'my-worker'], project);
    expect(existsSync(path.join(worker, 'weft.config.ts'))).toBe(true);
    // Its own process group: npx runs weft as a child, and Ctrl+C goes to both.
    const child = spawn(NPX, ['--no', 'weft', 'dev', '--port', '0'], { cwd: worker, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...PLAIN_ENV } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toMatch(/➜ my-worker\s+http:\/\/127\.0\.0\.1:\d+\//);
      const url = /➜ my-worker\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      const response = await fetch(`${url}/hello`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('Hello, visitor from US!\n');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
      await exited;
    }
  }, 60_000);

  it("runs the scaffold's own Vitest tests: the whole worker, and one handler at a time", () => {
    const result = run(NPX, ['--no', 'vitest', 'run'], worker);
    expect(result.stdout).toMatch(/Test Files\s+2 passed/);
    expect(result.stdout).toMatch(/Tests\s+4 passed/);
  }, 120_000);

  it('unit-tests one handler with @weft/testing/vitest resolving the built-in modules (issue 15)', () => {
    const unit = path.join(project, 'unit');
    cpSync(path.resolve(import.meta.dirname, '../../packages/testing/test/fixtures/user-project'), unit, { recursive: true });
    const result = run(NPX, ['--no', 'vitest', 'run'], unit);
    expect(result.stdout).toMatch(/Tests\s+2 passed/);
  }, 120_000);

  it('builds the code bundle and validates it', () => {
    run(NPX, ['--no', 'weft', 'build'], worker);
    const bundle = path.join(worker, 'dist/my-worker.tgz');
    expect(existsSync(bundle)).toBe(true);
    const result = run(NPX, ['--no', 'weft', 'validate', bundle], worker);
    expect(result.stdout).toMatch(/my-worker\.tgz: valid \(\d+ files,/);
  }, 60_000);
});
