/**
 * The trace viewer in a real browser: Debian's Chromium driven by playwright-core, offline (no CDN).
 * It opens `/__weft/` on a dev server, sends a request whose responseProvider makes two
 * sub-requests, and checks the request appears live and its waterfall shows both sub-requests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevApp } from '@weft/cli';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  // CI runs as root on Debian: install the distribution's Chromium once.
  try {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', timeout: 240_000 });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', timeout: 480_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    throw new Error(`${CHROMIUM} is missing and \`apt-get install -y chromium\` failed (needs root and the Debian mirror): ${String(error)}`);
  }
}

function appWithSubrequests(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-viewer-'));
  const files: Record<string, string> = {
    'src/main.ts': `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';

export async function responseProvider(request: EW.ResponseProviderRequest) {
  const [user, offers] = await Promise.all([httpRequest('http://api.example.com/user'), httpRequest('http://api.example.com/offers')]);
  const body = JSON.stringify({ user: await user.json(), offers: await offers.json(), path: request.path });
  return createResponse(200, { 'content-type': ['application/json'] }, body);
}
`,
    'weft.config.ts': `export default {
  entry: 'src/main.ts',
  hosts: { 'api.example.com': 'mock:api' },
  mocks: { api: { routes: { 'GET /user': { json: { name: 'Ada' } }, 'GET /offers': { delayMs: 30, json: [1, 2] } } } },
};
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('trace viewer in Chromium', () => {
  let app: DevApp;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    ensureChromium();
    app = await DevApp.start(path.join(appWithSubrequests(), 'weft.config.ts'), 0, { info: () => undefined, error: () => undefined });
    base = app.server?.url ?? '';
    const profile = mkdtempSync(path.join(tmpdir(), 'weft-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true });
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  it('shows a new request live, its stage timeline and its sub-request waterfall, and exports it as JSON', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) external.push(request.url());
    });
    await page.goto(`${base}/__weft/`);
    // The viewer is up and polling (the browser's own /favicon.ico may already be listed).
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/\d+ requests?/);
    expect(await page.locator('#requests tbody tr', { hasText: '/account?tab=offers' }).count()).toBe(0);

    const response = await fetch(`${base}/account?tab=offers`);
    expect(((await response.json()) as { user: { name: string } }).user.name).toBe('Ada');

    const row = page.locator('#requests tbody tr', { hasText: '/account?tab=offers' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const subrequests = page.locator('#waterfall .row.subrequest');
    await expect.poll(() => subrequests.count(), { timeout: 10_000 }).toBe(2);
    expect(await subrequests.nth(0).innerText()).toMatch(/200 GET api\.example\.com\/user/);
    expect(await page.locator('#waterfall .seg').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#timeline .row.stage[data-stage="responseProvider"]').count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { request: { url: string }; subrequests: unknown[] };
    expect(exported.request.url).toBe('/account?tab=offers');
    expect(exported.subrequests).toHaveLength(2);
    expect(external).toEqual([]);
    expect(await page.locator('#app-name').innerText()).toContain('weft-viewer-');
  }, 60_000);
});
