import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadBundle } from '../../src/loader/load.ts';
import { BundleError } from '../../src/errors.ts';
import { writeBundle, writeTgz } from './bundle-fixtures.ts';

const MAIN = `import { helper } from 'utils/lib.js';
import { twice } from './twice.js';
export function onClientRequest(request) {
  return twice(helper(1));
}
`;

describe('loadBundle', () => {
  it('loads a main.js path, following relative and root-relative imports (spec §1.2)', async () => {
    const root = writeBundle({ 'main.js': MAIN, 'utils/lib.js': `export const helper = (x) => x + 1;\n`, 'twice.js': `import { helper } from './utils/lib.js';\nexport const twice = (x) => helper(x) * 2;\n` });
    const bundle = await loadBundle(join(root, 'main.js'));
    expect(bundle.failure).toBeUndefined();
    expect(bundle.kind).toBe('file');
    expect(bundle.compiled?.files.sort()).toEqual(['main.js', 'twice.js', 'utils/lib.js']);
  });

  it('loads a bundle folder and reads name defaults and the version from bundle.json (decision 31)', async () => {
    const root = writeBundle({ 'main.js': 'export function onClientRequest() {}\n', 'bundle.json': '{"edgeworker-version":"4.22.3"}' });
    const bundle = await loadBundle(root);
    expect(bundle.kind).toBe('folder');
    expect(bundle.version).toBe('4.22.3');
    expect(bundle.warnings).toEqual([]);
    expect(bundle.name).toBe(root.split('/').pop());
  });

  it('loads a .tgz bundle with files in subdirectories (spec §23.1)', async () => {
    const path = writeTgz({ 'main.js': `import { x } from 'lib/x.js';\nexport function onClientRequest() { return x; }\n`, 'lib/x.js': 'export const x = 42;\n', 'bundle.json': '{"edgeworker-version":"1.0"}' }, 'my-worker.tgz');
    const bundle = await loadBundle(path);
    expect(bundle.failure).toBeUndefined();
    expect(bundle.kind).toBe('tgz');
    expect(bundle.name).toBe('my-worker');
    expect(bundle.version).toBe('1.0');
    expect(bundle.compiled?.files.sort()).toEqual(['lib/x.js', 'main.js']);
  });

  it('warns about a broken bundle.json and falls back to 0.0.0 (decision 31)', async () => {
    const root = writeBundle({ 'main.js': 'export {};\n', 'bundle.json': '{ not json' });
    const bundle = await loadBundle(root);
    expect(bundle.version).toBe('0.0.0');
    expect(bundle.warnings[0]).toMatch(/bundle\.json is not valid JSON/);
    const noVersion = await loadBundle(writeBundle({ 'main.js': 'export {};\n', 'bundle.json': '{"description":"x"}' }));
    expect(noVersion.warnings[0]).toMatch(/"edgeworker-version" is required/);
  });

  it('fails an unknown bare import at load with the platform text and its position (spec §1.2)', async () => {
    const root = writeBundle({ 'main.js': `export function onClientRequest() {}\nimport x from "yourmodules";\n` });
    const bundle = await loadBundle(root);
    expect(bundle.compiled).toBeUndefined();
    expect(`${bundle.failure?.name}: ${bundle.failure?.message}`).toBe('Unknown built-in module: "yourmodules"');
    expect(bundle.failure?.frames).toEqual([{ file: 'main.js', function: '', line: 2, column: 15 }]);
  });

  it('reports a syntax error with file, line and column', async () => {
    const root = writeBundle({ 'main.js': `import './lib.js';\n`, 'lib.js': `export function f() {\n  let x = ;\n}\n` });
    const bundle = await loadBundle(root);
    expect(bundle.failure?.name).toBe('SyntaxError');
    expect(bundle.failure?.frames[0]).toMatchObject({ file: 'lib.js', line: 2 });
  });

  it('names a missing imported file, and refuses imports without .js or leaving the bundle', async () => {
    const missing = await loadBundle(writeBundle({ 'main.js': `import { a } from './nope.js';\n` }));
    expect(missing.failure?.message).toMatch(/Cannot find bundle file "nope\.js"/);
    const noExt = await loadBundle(writeBundle({ 'main.js': `import { a } from './lib';\n` }));
    expect(noExt.failure?.message).toMatch(/must include the \.js extension/);
    const escape = await loadBundle(writeBundle({ 'main.js': `import { a } from '../outside.js';\n` }));
    expect(escape.failure?.message).toMatch(/leaves the bundle/);
  });

  it('explains that top-level await is not supported, at its position', async () => {
    const bundle = await loadBundle(writeBundle({ 'main.js': `\nconst x = await Promise.resolve(1);\nexport function onClientRequest() { return x; }\n` }));
    expect(bundle.failure?.message).toMatch(/^Top-level await is not supported by Weft yet/);
    expect(bundle.failure?.frames[0]).toMatchObject({ file: 'main.js', line: 2 });
  });

  it('refuses dynamic import() (spec §1.1)', async () => {
    const bundle = await loadBundle(writeBundle({ 'main.js': `export function onClientRequest() { return import('./x.js'); }\n`, 'x.js': '' }));
    expect(bundle.failure?.message).toMatch(/Dynamic import\(\) is not supported/);
  });

  it('reads pax long names from a .tgz and ignores AppleDouble files', async () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/lib.js`;
    const path = writeTgz({ 'main.js': `import { v } from '${deep}';\nexport function onClientRequest() { return v; }\n`, [deep]: 'export const v = 1;\n', '._main.js': 'garbage', 'bundle.json': '{"edgeworker-version":"1"}' });
    const bundle = await loadBundle(path);
    expect(bundle.failure).toBeUndefined();
    expect(bundle.compiled?.files).toContain(deep);
  });

  it('resolves built-in names to the platform modules and checks imported names', async () => {
    const ok = await loadBundle(writeBundle({ 'main.js': `import { createResponse } from 'create-response';\nexport const f = createResponse;\n` }));
    expect(ok.failure).toBeUndefined();
    const bad = await loadBundle(writeBundle({ 'main.js': `import { nothingHere } from 'create-response';\nexport const f = nothingHere;\n` }));
    expect(bad.failure?.message).toMatch(/nothingHere/);
    expect(bad.failure?.frames[0]).toMatchObject({ file: 'main.js', line: 1 });
  });

  it('throws a BundleError naming the path for a missing bundle, a non-js file, a bad archive', async () => {
    await expect(loadBundle('/nonexistent/worker/main.js')).rejects.toThrow(/No bundle at \/nonexistent\/worker\/main\.js/);
    await expect(loadBundle('/nonexistent/worker/main.js')).rejects.toBeInstanceOf(BundleError);
    const root = writeBundle({ 'notes.txt': 'hi' });
    await expect(loadBundle(root)).rejects.toThrow(/has no main\.js/);
    await expect(loadBundle(join(root, 'notes.txt'))).rejects.toThrow(/not a bundle/);
    const fake = join(root, 'fake.tgz');
    writeFileSync(fake, 'not gzip');
    await expect(loadBundle(fake)).rejects.toThrow(/not a gzip file/);
    const noMain = writeTgz({ 'src/main.js': 'export {};' });
    await expect(loadBundle(noMain)).rejects.toThrow(/no main\.js at the archive root \(found: src\/main\.js\)/);
  });
});
