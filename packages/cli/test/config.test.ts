import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig, parseConfig } from '../src/index.ts';

function appDir(config: string, files: Record<string, string> = { 'src/main.ts': 'export function onClientRequest() {}\n' }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  writeFileSync(path.join(dir, 'weft.config.ts'), config);
  return dir;
}

async function loadError(config: string): Promise<ConfigError> {
  const error = await loadAppConfig(appDir(config)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('weft.config.ts', () => {
  it('loads a TypeScript config written with defineConfig, resolving the entry', async () => {
    const dir = appDir(`
      import { defineConfig } from '@weft/cli';
      const port: number = 8799;
      export default defineConfig({
        entry: 'src/main.ts', port, origin: 'mock:origin', hosts: { 'api.example.com': 'mock:origin' },
        variables: { PMUSER_TIER: 'gold' }, location: { country: 'FR' }, device: { isMobile: true },
        scenarios: { bot: { bot: { segment: 'aggressive' } } }, tier: 280, limitsProfile: '2025-03',
        mocks: { origin: { routes: { '/': 'hello', 'GET /api/*': { json: { ok: true } } } } },
        bundle: { 'edgeworker-version': '1.2.3', description: 'demo', config: { logging: { level: 'info', ds2id: 7 } } },
      });
    `);
    const loaded = await loadAppConfig(dir);
    expect(loaded.name).toBe(path.basename(dir));
    expect(loaded.entry).toBe(path.join(dir, 'src/main.ts'));
    expect(loaded.config.port).toBe(8799);
    expect(loaded.config.tier).toBe(280);
    expect(loaded.config.bundle?.['edgeworker-version']).toBe('1.2.3');
  });

  it('names the file, the key path and the expected type for a wrong type', async () => {
    const error = await loadError(`export default { entry: 'src/main.ts', port: '8080' };`);
    expect(error.message).toContain('weft.config.ts');
    expect(error.message).toMatch(/port: expected number, got the string "8080"/);
    expect(error.code).toBe('WEFT_CONFIG_INVALID');
  });

  it('rejects an unknown key, naming it', async () => {
    const error = await loadError(`export default { entry: 'src/main.ts', prot: 8080 };`);
    expect(error.message).toMatch(/unknown key "prot"/);
  });

  it('gives nested paths for deep errors', async () => {
    const error = await loadError(`export default { entry: 'src/main.ts', device: { isMobile: 'yes' }, mocks: { api: { port: 70000, routes: {} } } };`);
    expect(error.message).toMatch(/device\.isMobile: expected boolean, got the string "yes"/);
    expect(error.message).toMatch(/mocks\.api\.port: .*65535/);
  });

  it('rejects an enum value outside the allowed set', async () => {
    const error = await loadError(`export default { entry: 'src/main.ts', tier: 300, responseProviderFailure: 'retry' };`);
    expect(error.message).toMatch(/tier: /);
    expect(error.message).toMatch(/responseProviderFailure: expected one of "origin" \| "error", got the string "retry"/);
  });

  it('rejects PMUSER names and mock references that do not exist', async () => {
    const error = await loadError(`export default { entry: 'src/main.ts', variables: { TIER: 'x' } };`);
    expect(error.message).toMatch(/variables: invalid key "TIER": .*PMUSER_/);
    expect((await loadError(`export default { entry: 'src/main.ts', origin: 'mock:nope' };`)).message).toMatch(/origin: "mock:nope" names no entry of `mocks`/);
  });

  it('rejects an edgeworker-version the platform would refuse (spec §23.2)', () => {
    for (const version of ['..1', '.', 'a'.repeat(33), 'with space']) {
      expect(() => parseConfig({ entry: 'x.ts', bundle: { 'edgeworker-version': version } }, 'weft.config.ts')).toThrow(/bundle\["edgeworker-version"\]/);
    }
    expect(parseConfig({ entry: 'x.ts', bundle: { 'edgeworker-version': '1.0.0-beta_2~x' } }, 'w.ts').bundle?.['edgeworker-version']).toBe('1.0.0-beta_2~x');
  });

  it('checks scenarios and mock routes as strictly as the rest', () => {
    expect(() => parseConfig({ entry: 'x.ts', scenarios: { mobile: { device: { isMobile: 'yes' } } } }, 'w.ts')).toThrow(/scenarios\.mobile\.device\.isMobile: expected boolean, got the string "yes"/);
    expect(() => parseConfig({ entry: 'x.ts', scenarios: { 'a b': {} } }, 'w.ts')).toThrow(/scenarios: invalid key "a b"/);
    expect(() => parseConfig({ entry: 'x.ts', mocks: { api: { routes: { 'FETCH /x': 'y' } } } }, 'w.ts')).toThrow(/mocks\.api\.routes: invalid key "FETCH \/x": expected a route key/);
    expect(() => parseConfig({ entry: 'x.ts', mocks: { api: { routes: { '/x': { status: 99 } } } } }, 'w.ts')).toThrow(/mocks\.api\.routes\["\/x"\]\.status: expected a number from 100 to 599 \(an HTTP status\), got number 99/);
    // Issue 15: inside a route's answer (a string or an object) the field is named, not the union.
    const routes = { '/': 'ok', 'GET /a': { status: 'abc' }, '/b': 5, '/c': { headers: { 'x-a': 1 }, delayMs: 1.5 } };
    expect(() => parseConfig({ entry: 'x.ts', mocks: { origin: { routes } } }, 'w.ts')).toThrow(
      [
        '  - mocks.origin.routes["GET /a"].status: expected a number from 100 to 599 (an HTTP status), got the string "abc"',
        '  - mocks.origin.routes["/b"]: expected a string or an object, got number 5',
        '  - mocks.origin.routes["/c"].headers["x-a"]: expected a header value as a string, got number 1',
        '  - mocks.origin.routes["/c"].delayMs: expected a whole number of milliseconds, 0 or more, got number 1.5',
      ].join('\n'),
    );
  });

  it('requires a mock to have routes or a module, not both', () => {
    expect(() => parseConfig({ entry: 'x.ts', mocks: { a: {} } }, 'w.ts')).toThrow(/mocks\.a: expected exactly one of `routes` or `module`/);
  });

  it('reports a missing entry file and a missing default export', async () => {
    expect((await loadError(`export default { entry: 'src/nope.ts' };`)).message).toMatch(/entry: the file .*nope\.ts does not exist/);
    expect((await loadError(`export const x = 1;`)).message).toMatch(/no default export/);
  });

  it('reports a config that does not compile', async () => {
    expect((await loadError(`export default { entry: `)).message).toMatch(/cannot load config/);
  });
});
