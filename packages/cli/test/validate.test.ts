import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipDeterministic } from '../src/bundle/gzip.ts';
import { writeTar } from '../src/bundle/tar-write.ts';
import { validateBundle, type ValidationReport } from '../src/bundle/validate.ts';
import type { ValidationType } from '../src/bundle/validation-types.ts';
import { main } from '../src/main.ts';
import { captureOutput, tempDir, writeFiles } from './helpers/temp.ts';

const MANIFEST = '{ "edgeworker-version": "1.0.0" }';
const MAIN = 'export function onClientRequest(request) { request.respondWith(200, {}, "ok"); }\n';

function tgz(files: Record<string, string | Uint8Array>): string {
  const enc = new TextEncoder();
  const file = path.join(tempDir(), 'bundle.tgz');
  writeFileSync(file, gzipDeterministic(writeTar(Object.entries(files).map(([name, data]) => ({ path: name, data: typeof data === 'string' ? enc.encode(data) : data })))));
  return file;
}

function types(report: ValidationReport): ValidationType[] {
  return report.errors.map((issue) => issue.type);
}

describe('weft validate: one case per validation type (spec §23.3)', () => {
  it('accepts a valid bundle with a helper module imported by relative and root-relative paths (spec §1.2)', async () => {
    const report = await validateBundle(tgz({
      'main.js': 'import { a } from "./lib/a.js";\nimport { b } from "lib/b.js";\nimport { createResponse } from "create-response";\nexport function responseProvider() { return createResponse(200, {}, a + b); }\n',
      'lib/a.js': 'export const a = "a";\n',
      'lib/b.js': 'export const b = "b";\n',
      'bundle.json': MANIFEST,
    }));
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('EMPTY_TARBALL: a zero-byte file and an archive with no files', async () => {
    const empty = path.join(tempDir(), 'empty.tgz');
    writeFileSync(empty, '');
    expect(types(await validateBundle(empty))).toEqual(['EMPTY_TARBALL']);
    expect(types(await validateBundle(tgz({})))).toEqual(['EMPTY_TARBALL']);
  });

  it('INVALID_GZIP_FORMAT: not gzip at all, and a truncated gzip stream', async () => {
    const notGzip = path.join(tempDir(), 'b.tgz');
    writeFileSync(notGzip, 'main.js and bundle.json, honest');
    expect(types(await validateBundle(notGzip))).toEqual(['INVALID_GZIP_FORMAT']);
    const truncated = path.join(tempDir(), 't.tgz');
    writeFileSync(truncated, gzipSync(writeTar([{ path: 'main.js', data: randomBytes(4000) }])).subarray(0, 100));
    expect(types(await validateBundle(truncated))).toEqual(['INVALID_GZIP_FORMAT']);
  });

  it('INVALID_TAR_ARCHIVE: valid gzip around something that is not tar', async () => {
    const file = path.join(tempDir(), 'b.tgz');
    writeFileSync(file, gzipSync(Buffer.from('export function onClientRequest() {}\n'.repeat(20))));
    const report = await validateBundle(file);
    expect(types(report)).toEqual(['INVALID_TAR_ARCHIVE']);
    expect(report.errors[0]?.message).toMatch(/^not a valid tar archive: the checksum field of the header at byte 0 is ".*", not an octal number\.$/);
  });

  it('MAX_COMPRESSED_SIZE_EXCEEDED: over 512 KB compressed (incompressible data)', async () => {
    const report = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': MANIFEST, 'blob.bin': randomBytes(530 * 1024) }));
    expect(types(report)).toContain('MAX_COMPRESSED_SIZE_EXCEEDED');
  });

  it('MAX_UNCOMPRESSED_SIZE_EXCEEDED: over 1 MB of files that compress well', async () => {
    const report = await validateBundle(tgz({ 'main.js': `${MAIN}// ${'x'.repeat(1024 * 1024)}\n`, 'bundle.json': MANIFEST }));
    expect(types(report)).toEqual(['MAX_UNCOMPRESSED_SIZE_EXCEEDED']);
  });

  it('MISSING_MANDATORY_FILES: files packed inside a folder instead of at the root', async () => {
    const report = await validateBundle(tgz({ 'dist/main.js': MAIN, 'dist/bundle.json': MANIFEST }));
    expect(types(report)).toEqual(['MISSING_MANDATORY_FILES']);
    expect(report.errors[0]?.message).toMatch(/main\.js, bundle\.json.*dist\/main\.js/);
    expect(types(await validateBundle(tgz({ 'main.js': MAIN })))).toEqual(['MISSING_MANDATORY_FILES']);
  });

  it('INVALID_MANIFEST: bad JSON, a bad version, logging without ds2id (spec §23.2)', async () => {
    const badJson = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': '{ "edgeworker-version": "1.0", }' }));
    expect(types(badJson)).toEqual(['INVALID_MANIFEST']);
    expect(badJson.errors[0]?.message).toMatch(/not valid JSON/);
    for (const version of ['1..0', '.', '', 'a'.repeat(33), 'v 1']) {
      const report = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': JSON.stringify({ 'edgeworker-version': version }) }));
      expect(types(report), version).toEqual(['INVALID_MANIFEST']);
    }
    const noVersion = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': '{ "description": "x" }' }));
    expect(noVersion.errors[0]?.message).toMatch(/edgeworker-version: expected string/);
    const logging = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': JSON.stringify({ 'edgeworker-version': '1', config: { logging: { level: 'info' } } }) }));
    expect(logging.errors[0]?.message).toMatch(/config\.logging\.ds2id/);
    const others = await validateBundle(tgz({ 'main.js': MAIN, 'bundle.json': JSON.stringify({ 'edgeworker-version': '1', 'bundle-version': 0, 'api-version': 'v1', unknown: true }) }));
    expect(others.errors.map((issue) => issue.message).join('\n')).toMatch(/bundle-version[\s\S]*api-version/);
  });

  it('INVALID_FILE_PERMISSION: an executable file packed by GNU tar', async () => {
    const dir = tempDir({ 'main.js': MAIN, 'bundle.json': MANIFEST, 'tool.js': 'export {};\n' });
    chmodSync(path.join(dir, 'tool.js'), 0o755);
    const file = path.join(tempDir(), 'b.tgz');
    execFileSync('tar', ['-czf', file, '-C', dir, 'main.js', 'bundle.json', 'tool.js']);
    const report = await validateBundle(file);
    expect(types(report)).toEqual(['INVALID_FILE_PERMISSION']);
    expect(report.errors[0]?.message).toMatch(/tool\.js is executable \(mode 755\)/);
    // The same rule applies to a bundle folder.
    expect(types(await validateBundle(dir))).toEqual(['INVALID_FILE_PERMISSION']);
  });

  it('STATIC_VALIDATION_FAILED: a syntax error, an unknown built-in, an import without .js, a missing file', async () => {
    const syntax = await validateBundle(tgz({ 'main.js': 'export function onClientRequest( {\n', 'bundle.json': MANIFEST }));
    expect(types(syntax)).toEqual(['STATIC_VALIDATION_FAILED']);
    expect(syntax.errors[0]?.message).toMatch(/^main\.js:\d+:\d+: /);
    const unknown = await validateBundle(tgz({ 'main.js': 'import x from "lodash";\nexport const y = x;\n', 'bundle.json': MANIFEST }));
    expect(unknown.errors[0]?.message).toMatch(/Unknown built-in module: "lodash"/);
    const noExt = await validateBundle(tgz({ 'main.js': 'import { a } from "./lib";\n', 'lib.js': 'export const a = 1;\n', 'bundle.json': MANIFEST }));
    expect(noExt.errors[0]?.message).toMatch(/\.js extension/);
    const missing = await validateBundle(tgz({ 'main.js': 'import { a } from "./gone.js";\n', 'bundle.json': MANIFEST }));
    expect(missing.errors[0]?.message).toMatch(/no such file in the bundle/);
    for (const report of [unknown, noExt, missing]) expect(types(report)).toEqual(['STATIC_VALIDATION_FAILED']);
  });

  it('EDGEKV_FILE_MISSING and EDGEKV_TOKENS_FILE_MISSING (spec §19)', async () => {
    const noHelper = await validateBundle(tgz({ 'main.js': 'import { EdgeKV } from "./edgekv.js";\nexport const kv = EdgeKV;\n', 'bundle.json': MANIFEST }));
    expect(types(noHelper)).toEqual(['EDGEKV_FILE_MISSING']);
    const noTokens = await validateBundle(tgz({
      'main.js': 'import { EdgeKV } from "./edgekv.js";\nexport const kv = EdgeKV;\n',
      'edgekv.js': 'import { edgekv_access_tokens } from "./edgekv_tokens.js";\nexport class EdgeKV { t = edgekv_access_tokens; }\n',
      'bundle.json': MANIFEST,
    }));
    expect(types(noTokens)).toEqual(['EDGEKV_TOKENS_FILE_MISSING']);
  });

  it('warns about dynamic import and ignores AppleDouble files (spec §23.1)', async () => {
    const report = await validateBundle(tgz({ 'main.js': 'export async function onClientRequest() { await import("./lib.js"); }\n', 'lib.js': '', '._main.js': 'garbage', 'bundle.json': MANIFEST }));
    expect(report.ok).toBe(true);
    expect(report.files.map((file) => file.path)).not.toContain('._main.js');
    expect(report.warnings[0]?.message).toMatch(/dynamic import/);
  });
});

describe('weft validate command', () => {
  it('exits 0 for a valid folder and 1 with the type names for a broken bundle', async () => {
    const dir = tempDir({ 'main.js': MAIN, 'bundle.json': MANIFEST });
    const ok = await captureOutput(() => main(['validate', dir]));
    expect(ok.result).toBe(0);
    expect(ok.stdout).toMatch(/valid \(2 files/);
    writeFiles(dir, { 'bundle.json': '{}' });
    const bad = await captureOutput(() => main(['validate', dir]));
    expect(bad.result).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_MANIFEST \(EW1107\): bundle\.json edgeworker-version/);
  });

  it('prints a JSON report with --json', async () => {
    const dir = tempDir({ 'main.js': MAIN });
    const { result, stdout } = await captureOutput(() => main(['validate', dir, '--json']));
    expect(result).toBe(1);
    expect((JSON.parse(stdout) as ValidationReport).errors[0]?.type).toBe('MISSING_MANDATORY_FILES');
  });

  it('checks several bundles at once and reports them in the order given', async () => {
    const good = [1, 2, 3, 4].map(() => tempDir({ 'main.js': MAIN, 'bundle.json': MANIFEST }));
    const bad = tempDir({ 'main.js': MAIN });
    const targets = [good[0] ?? '', bad, ...good.slice(1)];
    const { result, stdout } = await captureOutput(() => main(['validate', ...targets, '--json']));
    expect(result).toBe(1);
    const reports = JSON.parse(stdout) as ValidationReport[];
    expect(reports.map((report) => [report.target, report.ok])).toEqual(targets.map((target) => [target, target !== bad]));
  });

  it('exits 2 for a missing path or no argument', async () => {
    expect((await captureOutput(() => main(['validate', '/nonexistent/b.tgz']))).result).toBe(2);
    const dir = tempDir({ 'main.js': MAIN, 'bundle.json': MANIFEST });
    const missing = await captureOutput(() => main(['validate', dir, '/nonexistent/c.tgz']));
    expect(missing.result).toBe(2);
    expect(missing.stderr).toMatch(/^weft validate: \/nonexistent\/c\.tgz does not exist/);
    expect(missing.stdout).toBe('');
    expect((await captureOutput(() => main(['validate']))).result).toBe(2);
  });
});

describe('weft validate: top-level code runs in the runtime sandbox (spec §23.1)', () => {
  it('STATIC_VALIDATION_FAILED for an uncaught exception at top level, with file:function:line:col sites', async () => {
    const { staticLoadCheck } = await import('../src/bundle/load-check.ts');
    const file = tgz({ 'main.js': 'import { f } from "./lib.js";\nf();\nexport function onClientRequest() {}\n', 'lib.js': 'export function f() {\n  throw new TypeError("top-level failure");\n}\n', 'bundle.json': MANIFEST });
    const report = await validateBundle(file, { loadCheck: staticLoadCheck });
    expect(types(report)).toEqual(['STATIC_VALIDATION_FAILED']);
    expect(report.errors[0]?.message).toMatch(/TypeError: top-level failure \(at lib\.js:f:2:\d+,main\.js::2:\d+\)/);
  });

  it('STATIC_VALIDATION_FAILED when top-level code uses a Node global the edge does not have (decisions 18)', async () => {
    const { staticLoadCheck } = await import('../src/bundle/load-check.ts');
    const report = await validateBundle(tgz({ 'main.js': 'const id = process.env.ID;\nexport function onClientRequest() { return id; }\n', 'bundle.json': MANIFEST }), { loadCheck: staticLoadCheck });
    expect(report.errors[0]?.message).toMatch(/ReferenceError: process is not defined/);
  });

  it('passes a bundle whose top-level code runs cleanly', async () => {
    const { staticLoadCheck } = await import('../src/bundle/load-check.ts');
    const report = await validateBundle(tgz({ 'main.js': 'const table = new Map([["a", 1]]);\nexport function onClientRequest() { return table; }\n', 'bundle.json': MANIFEST }), { loadCheck: staticLoadCheck });
    expect(report.errors).toEqual([]);
  });
});
