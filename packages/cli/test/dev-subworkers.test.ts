/**
 * `weft dev` as a command: every app it serves is known to the others before they start, so an
 * `app:<name>` host reaches the named app at its planned port (platform §20, decision 36); an app
 * that names one weft dev is not serving fails to start, saying what to run instead.
 */
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleApp } from './helpers/app.ts';
import { tempDir } from './helpers/temp.ts';

const PAGE_WORKER = `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
export async function responseProvider() {
  const answer = await httpRequest('https://reco.example/list');
  return createResponse(200, {}, 'page + ' + (await answer.text()));
}
`;
const RECO_WORKER = `import { createResponse } from 'create-response';
export function responseProvider() {
  return createResponse(200, {}, 'reco worker');
}
`;

function workspace(): string {
  const root = tempDir({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
  const apps: Array<[string, string, string]> = [
    ['page', PAGE_WORKER, `{ entry: 'src/main.ts', hosts: { 'reco.example': 'app:reco' } }`],
    ['reco', RECO_WORKER, `{ entry: 'src/main.ts', bundle: { config: { subrequest: { 'invoke-for-edgeworker-clients': true } } } }`],
  ];
  for (const [name, worker, config] of apps) cpSync(sampleApp({ 'src/main.ts': worker, 'weft.config.ts': `export default ${config};` }), path.join(root, 'apps', name), { recursive: true });
  return root;
}

async function dev(root: string, args: string[], check: (out: string) => Promise<void>): Promise<void> {
  const bin = path.resolve(import.meta.dirname, '../bin/weft.js');
  const child = spawn(process.execPath, [bin, 'dev', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await expect.poll(() => out, { timeout: 25_000, interval: 100 }).toMatch(/Ctrl\+C to stop/);
    await check(out);
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('weft dev: app: hosts', () => {
  it('serves the page through the other app it names', async () => {
    await dev(workspace(), [], async (out) => {
      const page = /➜ page\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      expect(page, out).not.toBeNull();
      expect(await (await fetch(`${page?.[1]}/`)).text()).toBe('page + reco worker');
    });
  }, 40_000);

  it('refuses to start an app whose app: host names an app it is not serving', async () => {
    await dev(workspace(), ['page'], async (out) => {
      expect(out).toMatch(/✗ page +failed to start: .*"app:reco" names an app weft dev is not serving \(serving: page\); start it too, e\.g\. `weft dev page reco`/);
    });
  }, 40_000);
});
