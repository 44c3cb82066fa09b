/** The viewer page as `weft serve` serves it beside the runtime's trace routes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownsViewerPage, viewerListener } from '../../src/viewer/routes.ts';

describe('the viewer page routes', () => {
  let server: Server;
  let base: string;
  const reported: unknown[] = [];
  beforeAll(async () => {
    server = createServer(viewerListener((error) => reported.push(error)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('claims /__weft and /__weft/ (with any query) and leaves the trace routes and the worker\'s paths alone', () => {
    for (const url of ['/__weft', '/__weft/', '/__weft/?x=1']) expect(ownsViewerPage(url)).toBe(true);
    for (const url of ['/__weft/traces', '/__weft/trace/a', '/__weftx', '/', '/favicon.ico']) expect(ownsViewerPage(url)).toBe(false);
  });

  it('serves one self-contained page: its script bundled inline, no module imports, no outside URL', async () => {
    const reply = await fetch(`${base}/__weft/`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await reply.text();
    expect(html).toContain('Weft trace viewer');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain('subrequestLabels');
    expect(script).not.toMatch(/^\s*import\s/m);
    expect(script).not.toContain('__WEFT_VERSION__');
    expect(html).not.toMatch(/(src|href)="https?:/);
    // An icon of its own: no /favicon.ico request reaches the worker while the page is open.
    expect(html).toMatch(/<link rel="icon" href="data:/);
  });

  it('answers another method 405, naming GET', async () => {
    const reply = await fetch(`${base}/__weft/`, { method: 'POST' });
    expect(reply.status).toBe(405);
    expect(await reply.json()).toEqual({ error: 'POST is not allowed on /__weft/; use GET' });
    expect(reported).toEqual([]);
  });
});
