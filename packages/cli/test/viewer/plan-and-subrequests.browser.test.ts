/**
 * Issue 17 in the trace viewer, in a real browser (Debian's Chromium, playwright-core): a
 * composition's plan on the waterfall's time axis with each source's outcome and its sub-requests
 * one click away; a sub-request's cache pass as a chip and in its detail; a subWorker call's link
 * to its nested trace, and that trace's link back to its parent. The traces are written by hand
 * and served as the runtime serves them (TraceStore and its routes), beside the viewer page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceStore, answerTraceRoute, type Trace } from '@weft/runtime';
import { ownsViewerPage, viewerListener } from '../../src/viewer/routes.ts';

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', timeout: 480_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    throw new Error(`${CHROMIUM} is missing and \`apt-get install -y chromium\` failed (needs root and the Debian mirror): ${String(error)}`);
  }
}

type Sub = Trace['subrequests'][number];
const sub = (id: number, url: string, startMs: number, durationMs: number, extra: Partial<Sub> = {}): Sub => ({
  handler: 'responseProvider', id, method: 'GET', url, status: 200, durationMs, totalDurationMs: durationMs, startMs, notes: [], ...extra,
} as Sub);

const base = (id: string, url: string, extra: Partial<Trace>): Trace => ({
  id, startedAt: '2026-12-05T10:00:00.000Z', durationMs: 100, complete: true,
  request: { method: 'GET', scheme: 'http', host: 'shop.test', url, clientIp: '127.0.0.1', headers: { lines: [] } },
  simulation: { variables: {} }, stages: [{ stage: 'responseProvider', kind: 'handler', status: 'Success', startMs: 1, wallMs: 95, requestHeaderChanges: [], responseHeaderChanges: [], variableChanges: [] }],
  subrequests: [], logs: [], warnings: [], compositions: [],
  response: { status: 200, source: 'responseProvider', headers: { lines: [] } },
  ...extra,
} as Trace);

const composed = base('t-plan', '/shop/u1', {
  subrequests: [
    sub(1, 'https://api.test/user', 2, 20, { cache: { lookup: 'hit', key: 'api.test/user', stored: false, ageSeconds: 12 } }),
    sub(2, 'https://api.test/cart/u1', 23, 30, { cache: { lookup: 'miss', stored: true, ttlSeconds: 60 } }),
    sub(3, 'https://api.test/recs', 2, 10, { status: 503 }),
    sub(4, 'https://api.test/recs', 13, 10, { status: 503 }),
    sub(5, 'https://inventory.test/stock', 2, 40, { subWorker: { app: 'inventory', traceId: 't-child', depth: 1 } }),
  ],
  compositions: [{
    handler: 'responseProvider', kind: 'api', name: '/shop/:user', partial: true,
    sources: [
      { name: 'user', dependsOn: [], outcome: 'ran', subrequestIds: [1], startMs: 2, durationMs: 20 },
      { name: 'cart', dependsOn: ['user'], outcome: 'ran', subrequestIds: [2], startMs: 23, durationMs: 30 },
      { name: 'recs', dependsOn: [], outcome: 'fell-back', reason: 'status: GET https://api.test/recs answered 503', subrequestIds: [3, 4], startMs: 2, durationMs: 21 },
      { name: 'promo', dependsOn: [], outcome: 'skipped', reason: 'its when condition was false', subrequestIds: [] },
      { name: 'stock', dependsOn: [], outcome: 'timed-out', reason: 'timeout: GET https://inventory.test/stock failed (timeout 40 ms)', subrequestIds: [5], startMs: 2, durationMs: 40 },
    ],
  }],
});
const child = base('t-child', '/stock', { parentId: 't-plan' });
const plain = base('t-plain', '/plain', {});

let server: Server;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureChromium();
  const store = new TraceStore(10);
  for (const trace of [plain, child, composed]) store.put(trace);
  const viewer = viewerListener((error) => { throw error; });
  server = createServer((req, res) => {
    if (ownsViewerPage(req.url ?? '/')) return void viewer(req, res);
    const answer = answerTraceRoute(store, req.method ?? 'GET', req.url ?? '/');
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__weft/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  page = await browser.newPage();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function open(id: string): Promise<void> {
  // A new document each time: the viewer reads the hash when it loads.
  await page.goto('about:blank');
  await page.goto(`${url}#${id}`);
  await page.locator('#detail h2').waitFor();
  await expect.poll(() => page.locator('#detail h2').innerText()).toMatch(new RegExp(`/(${id === 't-plan' ? 'shop/u1' : id === 't-child' ? 'stock' : 'plain'})$`));
}

describe('the plan of a composition', () => {
  it('one row per source: dependencies, outcome (skipped by its rule, timed out, fell back), reason and sub-request ids', async () => {
    await open('t-plan');
    const rows = page.locator('#plan-0 .row.plan-source');
    expect(await rows.evaluateAll((list) => list.map((row) => [(row as HTMLElement).dataset.source, (row as HTMLElement).dataset.outcome]))).toEqual([
      ['user', 'ran'], ['cart', 'ran'], ['recs', 'fell-back'], ['promo', 'skipped'], ['stock', 'timed-out'],
    ]);
    expect(await page.locator('#plan-0 .facts').innerText()).toMatch(/\/shop\/:user\s+api · responseProvider\s+partial/);
    expect(await rows.nth(1).locator('.label').innerText()).toBe('cart ran ← user');
    expect(await rows.nth(3).locator('.tag.outcome').innerText()).toBe('skipped by rule');
    expect(await rows.nth(4).locator('.tag.outcome').innerText()).toBe('timed out');
    expect(await rows.nth(2).locator('.time').innerText()).toBe('21.0 ms · #3 #4');
    expect(await page.locator('#plan-0 .plan-reasons li[data-source="recs"]').innerText()).toBe('recs fell back: status: GET https://api.test/recs answered 503');
    // A skipped source has no bar; the others have one.
    expect(await rows.nth(3).locator('.seg').count()).toBe(0);
    expect(await page.locator('#plan-0 .seg').count()).toBe(4);
    // A section that does not apply (no CPU profile here) leaves no stray text behind.
    expect(await page.locator('#detail').innerText()).not.toMatch(/undefined|null/);
  });

  it('its bars sit on the waterfall’s time axis: the same ticks, and a bar where its sub-requests are', async () => {
    await open('t-plan');
    expect(await page.locator('#plan-chart-0 .tick').allInnerTexts()).toEqual(await page.locator('#waterfall .tick').allInnerTexts());
    const planBar = await page.locator('#plan-0 .row.plan-source[data-source="cart"] .seg').getAttribute('style');
    const subBar = await page.locator('#sub-responseProvider-2 .seg').first().getAttribute('style');
    expect(planBar).toBe(subBar);
  });

  it('a click on a source highlights its sub-request rows in the waterfall and opens the first', async () => {
    await open('t-plan');
    await page.locator('#plan-0 .row.plan-source[data-source="recs"]').click();
    await expect.poll(() => page.locator('#waterfall .row.subrequest.linked').evaluateAll((list) => list.map((row) => row.id))).toEqual(['sub-responseProvider-3', 'sub-responseProvider-4']);
    expect(await page.locator('#sub-responseProvider-3').getAttribute('aria-expanded')).toBe('true');
  });

  it('a trace without compositions has no Plan section', async () => {
    await open('t-plain');
    expect(await page.locator('.plan').count()).toBe(0);
    expect(await page.locator('#detail h3', { hasText: /^Plan/ }).count()).toBe(0);
  });
});

describe('sub-request cache and subWorker', () => {
  it('the cache pass is a chip on the waterfall row and a line in the sub-request detail', async () => {
    await open('t-plan');
    expect(await page.locator('#waterfall .row.subrequest .tag.cache').evaluateAll((list) => list.map((chip) => chip.textContent))).toEqual(['cache hit', 'cache miss']);
    expect(await page.locator('#sub-responseProvider-3 .tag.cache').count()).toBe(0);
    await page.locator('#sub-responseProvider-1').click();
    const facts = page.locator('#waterfall .sub-detail .sub-cache').first();
    await facts.waitFor({ state: 'visible' });
    expect(await facts.innerText()).toMatch(/cache\s+hit\s+key api\.test\/user\s+not stored\s+age 12 s/);
  });

  it('a subWorker call links to its nested trace, and that trace links back to its parent', async () => {
    await open('t-plan');
    const chip = page.locator('#sub-responseProvider-5 .tag.subworker');
    expect(await chip.innerText()).toBe('subWorker');
    expect(await chip.getAttribute('title')).toBe('answered by app inventory as a subWorker (depth 1); its own trace is t-child');
    await page.locator('#sub-responseProvider-5').click();
    const link = page.locator('#waterfall .sub-detail .subworker-link');
    await link.waitFor({ state: 'visible' });
    expect(await page.locator('#waterfall .sub-detail .sub-worker').innerText()).toMatch(/answered by app inventory as a subWorker \(depth 1\)/);
    await link.click();
    await expect.poll(() => page.locator('#detail h2').innerText()).toBe('GET /stock');
    const back = page.locator('#parent-trace a');
    expect(await back.getAttribute('data-trace-id')).toBe('t-plan');
    await back.click();
    await expect.poll(() => page.locator('#detail h2').innerText()).toBe('GET /shop/u1');
  });
});
