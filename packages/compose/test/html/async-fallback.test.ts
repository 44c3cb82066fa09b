/**
 * Async slots (placed at the end of the body, moved into place when ready) and a fragment's
 * fallbackUrl (fetched when the primary URL answers 5xx, fails or times out), with real loopback
 * origins. Order of events is read from the origin's log, never from timings.
 */
import { describe, expect, it } from 'vitest';
import type { WorkerReport } from '@weft/platform';
import { definePage, html, type AssembledPage } from '../../src/html/index.ts';
import { makeRequest, onEdge, type EdgeCall } from '../helpers/edge.ts';
import { originPerTest, readAll, type Origin } from './helpers/origin.ts';

const serve = originPerTest();

async function run(page: ReturnType<typeof definePage>, o: Origin, call: EdgeCall = {}) {
  const reports: WorkerReport[] = [];
  return onEdge({ defaultOrigin: o.url, reports }, async () => {
    const assembled: AssembledPage = await page.assemble(makeRequest(call));
    const text = await readAll(assembled.body as unknown as ReadableStream<Uint8Array>, (chunk) => {
      if (chunk.includes('<footer>')) o.log.push('client: footer');
    });
    return { ...assembled, text, report: await assembled.report, reports };
  });
}

const move = (id: string, nonce = '') =>
  `<script${nonce}>(function(){var t=document.getElementById("${id}-fill"),p=document.getElementById("${id}");if(t&&p){p.replaceWith(t.content);t.remove()}})()</script>`;

describe('async slots', () => {
  const SHELL = html`<html><head></head><body><weft-slot name="recs"><p>Loading picks</p></weft-slot><weft-slot name="ads"></weft-slot><footer>F</footer></body></html>`;

  it('writes a placeholder in place, the rest of the page at once, and each fragment at the end when ready', async () => {
    const o = await serve({
      '/recs': { delay: 200, headers: { link: '</recs.css>; rel=stylesheet, </recs.js>; rel=preload; as=script' }, body: '<ul>picks</ul>' },
      '/ads': { body: '<div>ad</div>' },
    });
    const page = definePage({ template: SHELL, slots: { recs: { url: '/recs', async: true }, ads: { url: '/ads', async: true } }, nonce: 'abc' });
    const result = await run(page, o);
    // The footer, after the slow async slot in the document, reached the reader before that slot's origin answered.
    expect(o.log.indexOf('client: footer')).toBeLessThan(o.log.indexOf('answered /recs'));
    expect(o.log.indexOf('client: footer')).toBeGreaterThan(-1);
    // Ready first, written first: the ads, then the picks with their stylesheet before and script after.
    expect(result.text).toBe(
      '<html><head></head><body><weft-async id="weft-async-0" data-slot="recs"><p>Loading picks</p></weft-async>' +
        '<weft-async id="weft-async-1" data-slot="ads"></weft-async><footer>F</footer>' +
        `<template id="weft-async-1-fill"><div>ad</div></template>${move('weft-async-1', ' nonce="abc"')}` +
        `<link rel="stylesheet" href="/recs.css" nonce="abc"><template id="weft-async-0-fill"><ul>picks</ul></template>${move('weft-async-0', ' nonce="abc"')}` +
        '<script src="/recs.js" defer nonce="abc"></script></body></html>',
    );
    expect(result.report.outcomes.map((x) => `${x.name}:${x.outcome}`).sort()).toEqual(['ads:filled', 'recs:filled']);
  });

  it('leaves the placeholder with its fallback when the fragment fails; a candidate fallback is moved in', async () => {
    const o = await serve({ '/recs': { status: 503, body: 'down' }, '/ads': { status: 500, body: 'down' } });
    const page = definePage({
      template: SHELL,
      slots: { recs: { url: '/recs', async: true }, ads: { url: '/ads', async: true, fallback: html`<i>no ads</i>` } },
    });
    const result = await run(page, o);
    expect(result.text).toBe(
      '<html><head></head><body><weft-async id="weft-async-0" data-slot="recs"><p>Loading picks</p></weft-async>' +
        '<weft-async id="weft-async-1" data-slot="ads"></weft-async><footer>F</footer>' +
        `<template id="weft-async-1-fill"><i>no ads</i></template>${move('weft-async-1')}</body></html>`,
    );
    expect(result.report.partial).toBe(true);
  });
});

describe('fallbackUrl', () => {
  const PAGE = '<main><weft-slot name="hero"><p>static hero</p></weft-slot></main>';

  it('is fetched when the primary answers 503, with a warning in the trace', async () => {
    const o = await serve({
      '/hero': { status: 503, body: 'down' },
      '/hero-stale': { headers: { link: '</hero.css>; rel=stylesheet' }, body: '<section>stale hero</section>' },
    });
    const page = definePage({ template: PAGE, slots: { hero: { url: '/hero', fallbackUrl: '/hero-stale' } } });
    const result = await run(page, o);
    expect(result.text).toBe('<main><link rel="stylesheet" href="/hero.css"><section>stale hero</section></main>');
    expect(result.report.outcomes).toEqual([{ name: 'hero', outcome: 'filled', bytes: 29 }]);
    expect(result.reports.map((r) => `${r.kind} ${r.code}: ${r.message}`)).toEqual([
      'warning compose-fallback: compose: hero: GET /hero answered 503; fetching its fallbackUrl /hero-stale',
    ]);
    expect(result.report.subrequests).toBe(2);
  });

  it('is fetched when the primary times out, and is a URL template like url', async () => {
    const o = await serve({ '/slow': { delay: 2_000, body: 'late' }, '/hero-FR': { body: '<section>FR</section>' } });
    const page = definePage({ template: PAGE, slots: { hero: { url: '/slow', timeout: 100, fallbackUrl: '/hero-{location.country}' } } });
    const result = await run(page, o, { location: { country: 'FR' } });
    expect(result.text).toBe('<main><section>FR</section></main>');
    expect(result.reports[0]?.message).toMatch(/hero: .*GET \/slow failed \(timeout 100 ms\).*fetching its fallbackUrl \/hero-FR/);
  });

  it('is not fetched for a 4xx; when it fails too, the slot fallback is the last resort', async () => {
    const o = await serve({ '/gone': { status: 404, body: 'no' }, '/down': { status: 502, body: 'x' }, '/also-down': { status: 503, body: 'x' } });
    const notFound = await run(definePage({ template: PAGE, slots: { hero: { url: '/gone', fallbackUrl: '/also-down' } } }), o);
    expect(notFound.text).toBe('<main><p>static hero</p></main>');
    expect(o.log).not.toContain('GET /also-down');
    const both = await run(definePage({ template: PAGE, slots: { hero: { url: '/down', fallbackUrl: '/also-down' } } }), o);
    expect(both.text).toBe('<main><p>static hero</p></main>');
    expect(both.report.outcomes[0]).toMatchObject({ outcome: 'fallback' });
    expect(String((both.report.outcomes[0] as { error: unknown }).error)).toMatch(/GET \/down \(or its fallbackUrl \/also-down\) answered 503/);
  });
});
