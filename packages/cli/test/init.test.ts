import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEdgeServer } from '@weft/runtime';
import { AppEdge, inProcess } from '../src/edge/app-edge.ts';
import { buildApp } from '../src/bundle/pack.ts';
import { staticLoadCheck } from '../src/bundle/load-check.ts';
import { validateBundle } from '../src/bundle/validate.ts';
import { loadAppConfig } from '../src/config/load.ts';
import { HONO_RANGE } from '../src/init/templates.ts';
import { main } from '../src/main.ts';
import { linkDependency } from './helpers/link.ts';
import { captureOutput, tempDir } from './helpers/temp.ts';

describe('weft init', () => {
  it('scaffolds a worker that runs, passes its own test scenario, builds and validates', async () => {
    const dir = path.join(tempDir(), 'my-worker');
    const { result, stdout } = await captureOutput(() => main(['init', dir]));
    expect(result).toBe(0);
    expect(stdout).toMatch(/Created my-worker/);
    for (const file of ['package.json', 'tsconfig.json', 'weft.config.ts', 'src/main.ts', 'mocks/origin.ts', 'test/worker.test.ts', 'test/handlers.test.ts', 'vitest.config.ts', 'README.md', '.gitignore']) {
      expect(readFileSync(path.join(dir, file), 'utf8').length, file).toBeGreaterThan(0);
    }
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('my-worker');
    expect(pkg.devDependencies['@weft/testing']).toBe('^0.1.0');
    expect(readFileSync(path.join(dir, 'test/worker.test.ts'), 'utf8')).toContain("from '@weft/testing'");
    // The mock origin is a Hono app, and the project declares the hono it imports (the range Weft uses).
    expect(readFileSync(path.join(dir, 'mocks/origin.ts'), 'utf8')).toContain("import { Hono } from 'hono'");
    const cli = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.devDependencies.hono).toBe(HONO_RANGE);
    expect(HONO_RANGE).toBe(cli.dependencies.hono);
    // What \`pnpm install\` in the new project would do for its mock's import.
    linkDependency(dir, 'hono');

    // What the generated test checks, over HTTP here (@weft/testing depends on this package).
    const edge = await AppEdge.start(await loadAppConfig(dir), { load: inProcess });
    const state = edge.state;
    if (state?.kind !== 'ready') throw new Error(`scaffold does not build: ${state?.error.message}`);
    const server = await createEdgeServer({ handler: state.loaded.handle });
    try {
      expect(await (await fetch(`${server.url}/hello`, { headers: { 'x-weft-location': 'country=FR' } })).text()).toBe('Hello, visitor from FR!\n');
      expect(await (await fetch(`${server.url}/api/profile`, { headers: { 'x-weft-variables': 'PMUSER_TIER=gold' } })).json()).toEqual({ name: 'Ada', country: 'US', tier: 'gold' });
      const page = await fetch(`${server.url}/`);
      expect(await page.text()).toContain('Origin page');
      expect(page.headers.get('x-worker')).toBe('my-worker');
    } finally {
      await server.close();
      await edge.close();
    }
    const written = await buildApp(await loadAppConfig(dir), path.join(dir, 'dist'));
    const report = await validateBundle(written.file, { loadCheck: staticLoadCheck });
    expect(report.errors).toEqual([]);
  });

  it('uses workspace:* dependencies inside a pnpm workspace', async () => {
    const root = tempDir({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
    const { result } = await captureOutput(() => main(['init', path.join(root, 'apps', 'edge-thing')]));
    expect(result).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(root, 'apps/edge-thing/package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies['@weft/cli']).toBe('workspace:*');
  });

  it('refuses to overwrite existing files and writes nothing', async () => {
    const dir = tempDir({ 'README.md': '# mine\n' });
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const { result, stderr } = await captureOutput(() => main(['init', dir, '--name', 'ok-name']));
    expect(result).toBe(1);
    expect(stderr).toMatch(/will not overwrite existing files in .*: README\.md/);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# mine\n');
    expect(() => readFileSync(path.join(dir, 'weft.config.ts'))).toThrow();
  });

  it('rejects a folder name that cannot name a worker, and bad usage', async () => {
    const bad = await captureOutput(() => main(['init', path.join(tempDir(), 'My Worker')]));
    expect(bad.result).toBe(1);
    expect(bad.stderr).toMatch(/"my worker" cannot name a worker.*--name/);
    expect((await captureOutput(() => main(['init']))).result).toBe(2);
    expect((await captureOutput(() => main(['init', 'a', 'b']))).result).toBe(2);
  });
});
