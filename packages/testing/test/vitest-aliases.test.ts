/**
 * @weft/testing/vitest (issue 15): worker code imported straight into a test finds the built-in
 * modules by their bare names. The aliases cover exactly the platform's modules, each alias file
 * exports what the runtime's loader gives a worker, and a project configured as the README shows
 * runs a handler test in its own Vitest process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULE_NAMES, builtinModule } from '@weft/platform';
import { builtinAliases, builtinModuleNames } from '@weft/testing/vitest';
import { buildPackages } from '../../../test/support/installed-weft.ts';

const PROJECT = fileURLToPath(new URL('./fixtures/user-project/', import.meta.url));
const VITEST = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));

describe('builtinAliases', () => {
  it('names every built-in module of the platform, and only those', () => {
    expect(builtinModuleNames()).toEqual([...BUILTIN_MODULE_NAMES].sort());
    for (const alias of builtinAliases()) {
      expect(alias.find.test(alias.find.source.slice(1, -1))).toBe(true);
      expect(alias.find.test(`${alias.find.source.slice(1, -1)}/x`)).toBe(false);
    }
  });

  it('points each name at a file exporting the namespace a worker gets', async () => {
    for (const { find, replacement } of builtinAliases()) {
      const name = find.source.slice(1, -1);
      const file = (await import(replacement)) as Record<string, unknown>;
      const expected = builtinModule(name) ?? {};
      expect(Object.keys(file).sort(), name).toEqual(Object.keys(expected).sort());
      for (const key of Object.keys(expected)) expect(file[key], `${name}.${key}`).toBe(expected[key]);
    }
  });

  it('lets a project configured as the README shows test a handler in its own Vitest run', () => {
    // The project resolves @weft/* as an installed one does, to the built dist/ (no "weft-source").
    buildPackages();
    const run = spawnSync(process.execPath, [VITEST, 'run', '--root', PROJECT, '--configLoader', 'runner'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000 });
    expect(run.stdout + run.stderr).toMatch(/Tests\s+2 passed/);
    expect(run.status).toBe(0);
  }, 240_000);
});
