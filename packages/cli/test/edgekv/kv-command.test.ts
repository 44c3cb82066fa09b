/** `weft kv`: the local store's data verbs, run in-process as the CLI runs them. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkToken, readTokensFile } from '../../src/index.ts';
import { main } from '../../src/main.ts';
import { captureOutput, tempDir } from '../helpers/temp.ts';

function app(): string {
  return tempDir({
    'weft.config.ts': "import { defineConfig } from '@weft/cli';\nexport default defineConfig({ entry: 'src/main.js' });\n",
    'src/main.js': 'export function onClientRequest() {}\n',
    'edgekv/shop/prices.json': JSON.stringify({ apple: 'one euro', pear: { eur: 2 } }),
  });
}

const kv = (...args: string[]) => captureOutput(() => main(['kv', ...args]));

describe('weft kv', () => {
  it('lists namespaces, groups and items, seed files included', async () => {
    const dir = app();
    expect((await kv('list', 'namespaces', '--app', dir)).stdout).toBe('shop\n');
    expect((await kv('list', 'groups', 'shop', '--app', dir)).stdout).toBe('prices\n');
    expect((await kv('list', 'items', 'shop', 'prices', '--app', dir)).stdout).toBe('apple\npear\n');
  });

  it('puts text, JSON from a file, gets and deletes', async () => {
    const dir = app();
    expect(await kv('put', 'shop', 'prices', 'kiwi', 'green', '--app', dir)).toMatchObject({ result: 0, stdout: 'put shop/prices/kiwi (5 bytes)\n' });
    expect((await kv('get', 'shop', 'prices', 'kiwi', '--app', dir)).stdout).toBe('green');
    const file = path.join(dir, 'fig.json');
    writeFileSync(file, '{"n":7}');
    expect((await kv('put', 'shop', 'prices', 'fig', '--file', file, '--json', '--app', dir)).result).toBe(0);
    expect((await kv('get', 'shop', 'prices', 'fig', '--app', dir)).stdout).toBe('{"n":7}');
    expect(readFileSync(path.join(dir, '.weft/edgekv/shop/prices/fig'), 'utf8')).toBe('{"n":7}');
    expect((await kv('delete', 'shop', 'prices', 'fig', '--app', dir)).stdout).toBe('deleted shop/prices/fig\n');
    const missing = await kv('get', 'shop', 'prices', 'fig', '--app', dir);
    expect(missing.result).toBe(1);
    expect(missing.stderr).toContain('no item shop/prices/fig');
  });

  it('explains bad input: JSON, names, verbs, arguments', async () => {
    const dir = app();
    const json = await kv('put', 'shop', 'prices', 'x', '{nope', '--json', '--app', dir);
    expect(json.result).toBe(2);
    expect(json.stderr).toMatch(/--json: the value is not valid JSON .*drop --json/);
    const name = await kv('get', 'shop', 'prices', 'a.b', '--app', dir);
    expect(name.stderr).toContain('item "a.b" has characters outside A-Z a-z 0-9 _ -');
    expect((await kv('frobnicate', '--app', dir)).stderr).toContain('unknown verb "frobnicate"; the verbs are list, get, put, delete, token');
    expect((await kv('get', 'shop', '--app', dir)).stderr).toContain('expected weft kv get <namespace> <group> <item>, got "shop"');
    expect((await kv('--help')).stdout).toContain('Usage: weft kv <verb>');
  });

  it('writes edgekv_tokens.js next to the entry with a token the service accepts, keeping other namespaces', async () => {
    const dir = app();
    expect((await kv('token', 'shop', '--app', dir)).result).toBe(0);
    expect((await kv('token', 'cms', '--permissions', 'r', '--app', dir)).result).toBe(0);
    const text = readFileSync(path.join(dir, 'src/edgekv_tokens.js'), 'utf8');
    expect(text).toContain('export { edgekv_access_tokens };');
    const tokens = readTokensFile(path.join(dir, 'src/edgekv_tokens.js')) as Record<string, { value: string }>;
    expect(Object.keys(tokens)).toEqual(['namespace-shop', 'namespace-cms']);
    expect(checkToken(tokens['namespace-shop']?.value, 'shop', 'PUT', Date.now())).toEqual({ ok: true });
    expect(checkToken(tokens['namespace-cms']?.value, 'cms', 'PUT', Date.now())).toMatchObject({ ok: false, status: 403 });
  });
});
