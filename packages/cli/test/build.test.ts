import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/bundle/pack.ts';
import { validateBundle } from '../src/bundle/validate.ts';
import { loadAppConfig } from '../src/config/load.ts';
import { BuildError } from '../src/errors.ts';
import { main } from '../src/main.ts';
import { sampleApp } from './helpers/app.ts';
import { captureOutput, tempDir } from './helpers/temp.ts';

describe('weft build', () => {
  it('writes dist/<app>.tgz with main.js and bundle.json at the root, no executable bits (spec §23.1)', async () => {
    const app = await loadAppConfig(sampleApp());
    const out = tempDir();
    const written = await buildApp(app, out);
    expect(written.file).toBe(path.join(out, 'sample.tgz'));
    const listing = execFileSync('tar', ['-tvzf', written.file], { encoding: 'utf8' });
    expect(listing.trim().split('\n').map((line) => line.split(/\s+/).pop())).toEqual(['bundle.json', 'main.js']);
    expect(listing).not.toMatch(/x/);
    const dir = tempDir();
    execFileSync('tar', ['-xzf', written.file, '-C', dir]);
    const mainJs = readFileSync(path.join(dir, 'main.js'), 'utf8');
    // Built-in modules stay bare imports; the author's modules are inlined.
    expect(mainJs).toMatch(/import \{ createResponse \} from "create-response"/);
    expect(mainJs).toContain('function greeting');
    expect(mainJs).not.toContain('sourceMappingURL');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toEqual({ 'edgeworker-version': '2.3.4', description: 'A sample worker', config: { logging: { level: 'info', ds2id: 12 } } });
    const map = JSON.parse(readFileSync(written.mapFile, 'utf8')) as { sources: string[]; sourceRoot: string };
    expect(map.sources).toContain('src/greeting.ts');
    expect(map.sourceRoot).toBe(`${app.dir}/`);
    expect((await validateBundle(written.file)).ok).toBe(true);
  });

  it('produces identical bytes for identical input', async () => {
    const app = await loadAppConfig(sampleApp());
    const a = await buildApp(app, tempDir());
    const b = await buildApp(app, tempDir());
    expect(a.sha256).toBe(b.sha256);
  });

  it('reports a TypeScript syntax error with file and line', async () => {
    const app = await loadAppConfig(sampleApp({ 'src/greeting.ts': 'export function greeting(name: string {\n}\n' }));
    const error = await buildApp(app, tempDir()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toMatch(/src\/greeting\.ts:1:\d+/);
  });

  it('builds an app by path from the command line and exits 0', async () => {
    const dir = sampleApp();
    const out = tempDir();
    const { result, stdout } = await captureOutput(() => main(['build', dir, '--out', out]));
    expect(result).toBe(0);
    expect(stdout).toMatch(/sample: .*sample\.tgz .*edgeworker-version 2\.3\.4/);
  });

  it('builds several apps side by side, reports them in the order named, and a failing one fails only itself', async () => {
    const named = (name: string, extra: Record<string, string> = {}): string => sampleApp({ 'weft.config.ts': `export default { name: '${name}', entry: 'src/main.ts' };`, ...extra });
    const apps = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((name) => named(name));
    const broken = named('broken', { 'src/greeting.ts': 'export function greeting(name: string {\n}\n' });
    const out = tempDir();
    const all = await captureOutput(() => main(['build', ...apps, '--out', out]));
    expect(all.result).toBe(0);
    expect(all.stdout.split('\n').filter((line) => line !== '').map((line) => line.split(':')[0])).toEqual(['alpha', 'beta', 'gamma', 'delta', 'epsilon']);
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) expect((await validateBundle(path.join(out, `${name}.tgz`))).ok, name).toBe(true);
    const mixed = await captureOutput(() => main(['build', apps[0] ?? '', broken, apps[1] ?? '', '--out', tempDir()]));
    expect(mixed.result).toBe(1);
    expect(mixed.stdout).toMatch(/^alpha: [\s\S]*\nbeta: /);
    // A build that fails before its config names the app is reported under the app's folder name.
    expect(mixed.stderr.startsWith(`${path.basename(broken)}: build failed:\n`)).toBe(true);
    expect(mixed.stderr).toMatch(/src\/greeting\.ts:1:\d+/);
  });

  it('rejects an unknown flag with a suggestion and a pointer to --help', async () => {
    const { result, stderr } = await captureOutput(() => main(['build', '--minfy']));
    expect(result).toBe(2);
    expect(stderr).toBe('weft build: unknown flag --minfy; did you mean --minify?\nRun `weft build --help` for its flags and examples.\n');
  });

  it('rejects an unknown app, listing the known ones', async () => {
    const { result, stderr } = await captureOutput(() => main(['build', 'no-such-app']));
    expect(result).toBe(2);
    expect(stderr).toMatch(/unknown app "no-such-app"; apps under apps\//);
  });

  it('fails with the config error when weft.config.ts has a bad key', async () => {
    const dir = sampleApp({ 'weft.config.ts': `export default { entry: 'src/main.ts', prot: 1 };` });
    const { result, stderr } = await captureOutput(() => main(['build', dir, '--out', tempDir()]));
    expect(result).toBe(1);
    expect(stderr).toMatch(/weft\.config\.ts:\n {2}- unknown key "prot"/);
  });
});

describe('weft build size notices', () => {
  it('warns when the bundle nears the 1 MB uncompressed limit and fails past it (spec §21.2)', async () => {
    const big = (kb: number): string => `export const blob = ${JSON.stringify('x'.repeat(kb * 1024))};\n`;
    const near = sampleApp({ 'src/blob.ts': big(900), 'src/main.ts': `import { blob } from './blob.ts';\nexport function onClientRequest(request: { respondWith(s: number, h: object, b: string): void }) { request.respondWith(200, {}, String(blob.length)); }\n` });
    const ok = await captureOutput(() => main(['build', near, '--out', tempDir()]));
    expect(ok.result).toBe(0);
    expect(ok.stdout).toMatch(/warning: the bundle is .* uncompressed, \d+% of the 1 MB limit; try --minify/);
    const over = sampleApp({ 'src/blob.ts': big(1100), 'src/main.ts': `import { blob } from './blob.ts';\nexport const size = blob.length;\n` });
    const failed = await captureOutput(() => main(['build', over, '--out', tempDir()]));
    expect(failed.result).toBe(1);
    expect(failed.stderr).toMatch(/MAX_UNCOMPRESSED_SIZE_EXCEEDED/);
  });
});
