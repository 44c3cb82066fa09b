/**
 * A worker written as an author writes one against Akamai's unmodified edgekv.js helper
 * (test/fixtures/edgekv), and the app folder around it, for the EdgeKV end-to-end suites.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalToken, renderTokensFile } from '@weft/cli';

export const HELPER = fileURLToPath(new URL('../fixtures/edgekv/edgekv.js', import.meta.url));

export const MAIN_JS = `import { createResponse } from 'create-response';
import URLSearchParams from 'url-search-params';
import { EdgeKV } from './edgekv.js';

const kv = new EdgeKV({ namespace: 'shop', group: 'prices' });

function reply(status, value) {
  return createResponse(status, { 'content-type': ['application/json'] }, JSON.stringify(value));
}

export async function responseProvider(request) {
  const params = new URLSearchParams(request.query);
  const item = params.get('item') || 'apple';
  try {
    switch (request.path) {
      case '/text': return reply(200, { value: await kv.getText({ item, default_value: 'none' }) });
      case '/json': return reply(200, { value: await kv.getJson({ item, default_value: { fallback: true } }) });
      case '/length': return reply(200, { length: (await kv.getText({ item })).length });
      case '/put-text': return reply(200, { put: await kv.putText({ item, value: params.get('value') }) });
      case '/put-json': return reply(200, { put: await kv.putJson({ item, value: { n: Number(params.get('n')) } }) });
      case '/delete': return reply(200, { deleted: await kv.delete({ item }) });
      case '/no-token': return reply(200, { value: await kv.getText({ namespace: 'secret', item }) });
      case '/slow': return reply(200, { value: await kv.getText({ item, timeout: 300, num_retries_on_timeout: 1 }) });
      case '/slow-no-retry': return reply(200, { value: await kv.getText({ item, timeout: 300 }) });
      default: return reply(404, { error: 'no route ' + request.path });
    }
  } catch (error) {
    // The helper throws strings (validation, tokens) and { failed, status, body } objects.
    return reply(500, { error: typeof error === 'string' ? error : { failed: error.failed, status: error.status, body: error.body } });
  }
}
`;

/** The bundle files: main.js, the helper, a tokens file for namespace "shop", bundle.json. */
export function writeBundle(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.js'), MAIN_JS);
  copyFileSync(HELPER, path.join(dir, 'edgekv.js'));
  const value = createLocalToken({ name: 'e2e', namespaces: { shop: ['r', 'w', 'd'] }, expiresAt: new Date(Date.now() + 86_400_000) });
  writeFileSync(path.join(dir, 'edgekv_tokens.js'), renderTokensFile({ 'namespace-shop': { name: 'e2e', value } }));
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0.0', description: 'EdgeKV e2e' }));
}

/** An app folder: the bundle files under src/, a weft.config.ts, and seed data. */
export function writeApp(config = '{ entry: "src/main.js" }'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-edgekv-'));
  writeBundle(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'weft.config.ts'), `import { defineConfig } from '@weft/cli';\nexport default defineConfig(${config});\n`);
  mkdirSync(path.join(dir, 'edgekv/shop'), { recursive: true });
  writeFileSync(path.join(dir, 'edgekv/shop/prices.json'), JSON.stringify({ apple: 'one euro', pear: { eur: 2 } }));
  return dir;
}
