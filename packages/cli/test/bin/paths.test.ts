/**
 * Issue 15, paths that work from where the user stands, through the real binary: `weft build`
 * writes dist/<app>.tgz in the folder it runs from, and `weft validate` reads from there; the
 * scaffold's "Ship it" steps and its package.json scripts work as written, inside the app and
 * (naming the app) from the workspace root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { weftRun } from '../helpers/weft-bin.ts';

/** `pnpm exec weft a b` or a package.json script `weft a b` → the arguments after `weft`. */
function weftArgs(line: string): string[] {
  const command = line.replace(/#.*$/, '').trim();
  const match = /^(?:pnpm exec |npx )?weft (.*)$/.exec(command);
  if (match?.[1] === undefined) throw new Error(`not a weft command: ${line}`);
  return match[1].split(/\s+/);
}

describe('where bundles go', () => {
  let root: string;
  let app: string;
  beforeAll(async () => {
    root = tempDir({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
    const init = await weftRun(['init', 'apps/shop'], root);
    expect(init.status, init.stderr).toBe(0);
    app = path.join(root, 'apps/shop');
    expect(init.stdout).toContain('pnpm exec weft build && pnpm exec weft validate dist/shop.tgz');
  }, 30_000);

  it("the scaffold README's Ship it steps, run verbatim inside the app", async () => {
    const readme = readFileSync(path.join(app, 'README.md'), 'utf8');
    const block = /## Ship it\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    const lines = (block ?? '').split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const run = await weftRun(weftArgs(line), app);
      expect(run.status, `${line}\n${run.stderr}`).toBe(0);
    }
    expect(existsSync(path.join(app, 'dist/shop.tgz'))).toBe(true);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  }, 30_000);

  it("the scaffold's package.json scripts build and validate, run where pnpm runs them (the app's folder)", async () => {
    const { scripts } = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const build = await weftRun(weftArgs(scripts.build ?? ''), app);
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^shop: dist\/shop\.tgz /);
    const validate = await weftRun(weftArgs(scripts.validate ?? ''), app);
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/^dist\/shop\.tgz: valid/);
    // With no bundle named, validate checks what build wrote for the app here.
    const bare = await weftRun(['validate'], app);
    expect(bare.status, bare.stderr).toBe(0);
    expect(bare.stdout).toMatch(/^dist\/shop\.tgz: valid/);
  }, 30_000);

  it('from the workspace root, naming the app: dist/ at the root, and validate from there', async () => {
    const build = await weftRun(['build', 'shop'], root);
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^shop: dist\/shop\.tgz /);
    expect(existsSync(path.join(root, 'dist/shop.tgz'))).toBe(true);
    const validate = await weftRun(['validate', 'dist/shop.tgz'], root);
    expect(validate.status, validate.stderr).toBe(0);
  }, 30_000);

  it('a bundle looked for in the wrong folder: exit 2, and where it is', async () => {
    const elsewhere = tempDir();
    const missing = await weftRun(['validate', 'dist/shop.tgz'], path.join(app, 'src'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('weft validate: dist/shop.tgz does not exist; ');
    const none = await weftRun(['validate'], elsewhere);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^weft validate: name a bundle to check/);
  }, 30_000);
});
