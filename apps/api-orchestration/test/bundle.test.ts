import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUILTINS = ['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto'];

describe('the example bundles for the edge unchanged', () => {
  it('imports only built-in module names, uses no Node API, and stays far under the bundle limits (spec §1.2, §21.2)', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      // @weft/compose from its sources, as this repository builds its apps (weft build does the same here).
      conditions: ['module', 'weft-source'],
      external: BUILTINS,
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports.every((name) => BUILTINS.includes(name))).toBe(true);
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).not.toMatch(/from"node:|require\(/);
    const gz = gzipSync(Buffer.from(text)).length;
    expect(gz).toBeLessThan(512 * 1024);
    expect(text.length).toBeLessThan(1024 * 1024);
  });
});
