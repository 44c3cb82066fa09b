import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ParserError } from 'parse5';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  // This app alone: the recommendations subWorker (app:recommendations, which only `weft dev` serves)
  // is stood in for by the fragments mock; test/dev.test.ts runs both apps.
  worker = await startWorker({
    config: new URL('../weft.config.ts', import.meta.url),
    options: { hosts: { 'fragments.weft.example': 'mock:fragments', 'api.weft.example': 'mock:api', 'reco.weft.example': 'mock:fragments' } },
  });
});
afterAll(() => worker?.close());

function parseErrors(text: string): string[] {
  const errors: ParserError[] = [];
  parse(text, { onParseError: (error) => errors.push(error) });
  return errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`);
}

describe('personalized-page', () => {
  it('assembles six slots in template order: the failing fragment replaced by its fallbackUrl, the async one filled at the end', async () => {
    const { status, headers, text, trace } = await worker.send('/');
    // On failure, say what the responseProvider stage reported (decision 1 would forward to the origin).
    expect(status, JSON.stringify(trace.stages.find((s) => s.stage === 'responseProvider'))).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(parseErrors(text)).toEqual([]);
    // The async recommendations leave a placeholder in place and arrive after the footer and scripts.
    const marks = ['<nav>', 'hero-desktop', 'data-country="FR"', 'Soldes d’hiver', '<weft-async id="weft-async-0" data-slot="recommendations">', 'reviews-cached', 'site-footer', 'header.js', 'Picked for you', '</body>'];
    const positions = marks.map((m) => text.indexOf(m));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // One JSON source and five fragments (the hero's other candidates never start).
    const urls = trace.subrequests.map((s) => s.url).sort();
    expect(urls).toEqual([
      'https://api.weft.example/promotions/FR',
      'https://fragments.weft.example/fragments/footer',
      'https://fragments.weft.example/fragments/header',
      'https://fragments.weft.example/fragments/hero/desktop',
      'https://fragments.weft.example/fragments/reviews',
      'https://fragments.weft.example/fragments/reviews-cached',
      'https://reco.weft.example/fragments/recommendations',
    ]);
    expect(trace.subrequests.find((s) => s.url.endsWith('/reviews'))?.status).toBe(503);
    expect(trace.warnings.map((w) => w.code)).toContain('compose-fallback');
  });

  it("puts the header fragment's stylesheet in <head> and its script before </body>, with preload and Early Hints values", async () => {
    const { headers, text, trace } = await worker.send('/');
    const head = text.slice(0, text.indexOf('</head>'));
    expect(head).toContain('<link rel="stylesheet" href="https://assets.weft.example/header.css">');
    expect(text.match(/header\.css/g)).toHaveLength(1);
    expect(text.indexOf('<script src="https://assets.weft.example/header.js" defer></script>')).toBeGreaterThan(text.indexOf('site-footer'));
    expect(headers.get('link')).toBe('<https://assets.weft.example/header.css>; rel=preload; as=style');
    const hints = trace.stages.find((s) => s.stage === 'onClientRequest')?.variableChanges.find((v) => v.name === 'PMUSER_103_HINTS');
    expect(hints?.after).toBe('<https://assets.weft.example/header.css>;rel=preload;as=style');
  });

  it('serves the cacheable fragments and promotions from the sub-request cache on the next request', async () => {
    await worker.send('/', { location: { country: 'DE' } });
    const { trace } = await worker.send('/', { location: { country: 'DE' } });
    const lookups = Object.fromEntries(trace.subrequests.map((s) => [new URL(s.url).pathname, s.cache?.lookup]));
    expect(lookups).toMatchObject({
      '/fragments/header': 'hit', '/fragments/hero/desktop': 'hit', '/fragments/footer': 'hit', '/fragments/reviews-cached': 'hit', '/promotions/DE': 'hit',
      // A 503 is never stored, and the recommendations carry no freshness of their own.
      '/fragments/reviews': 'miss', '/fragments/recommendations': 'miss',
    });
  });

  it('chooses the hero by device (scenario "mobile")', async () => {
    const { text } = await worker.send('/', { scenario: 'mobile' });
    expect(text).toContain('<section class="hero hero-mobile">');
    expect(text).not.toContain('hero-desktop');
  });

  it('renders promotions by country, escaping their values, and keeps the slot fallback where there are none', async () => {
    const us = await worker.send('/', { location: { country: 'US' } });
    expect(us.text).toContain('<section class="promotions" data-country="US">');
    expect(us.text).toContain('Free returns &lt;always&gt;');
    const jp = await worker.send('/', { location: { country: 'JP' } });
    expect(jp.text).toContain('<section class="promotions promotions-empty"><p>No promotions right now.</p></section>');
  });
});
