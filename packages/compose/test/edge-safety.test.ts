/**
 * The toolkit runs inside the worker at the edge (docs/design.md principle 2, spec §1.3,
 * decisions 18): only ECMAScript globals and the platform's built-in modules. This reads the sources
 * of the API part and the shared core and fails on anything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BUILTINS = new Set(['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto']);
const root = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const sources = [...files(path.join(root, 'core')), ...files(path.join(root, 'api')), path.join(root, 'index.ts')];
const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('compose core and api are edge-safe', () => {
  it.each(sources.map((f) => [path.relative(root, f), f]))('%s imports only relative files, built-in modules, or types', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      const [, , typeOnly, specifier] = match;
      const allowed = specifier.startsWith('./') || specifier.startsWith('../') || BUILTINS.has(specifier) || (typeOnly !== undefined && specifier === '@standard-schema/spec');
      expect(allowed, `${specifier} in ${file}`).toBe(true);
    }
  });

  it.each(sources.map((f) => [path.relative(root, f), f]))('%s uses no host global (queueMicrotask, timers, process, Buffer, console, fetch, eval)', (_name, file) => {
    expect(code(file)).not.toMatch(/\b(queueMicrotask|setTimeout|setInterval|setImmediate|process\.|Buffer\b|console\.|fetch\(|eval\(|new Function\b|WebAssembly)/);
  });
});
