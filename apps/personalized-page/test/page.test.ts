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
  it('assembles six slots in template order, with the failing fragment replaced by its fallback', async () => {
    const { status, headers, text, trace } = await worker.send('/');
    // On failure, say what the responseProvider stage reported (decision 1 would forward to the origin).
    expect(status, JSON.stringify(trace.stages.find((s) => s.stage === 'responseProvider'))).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(parseErrors(text)).toEqual([]);
    const marks = ['<nav>', 'hero-desktop', 'data-country="FR"', 'Soldes d’hiver', 'Picked for you', 'reviews-unavailable', 'site-footer'];
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
      'https://reco.weft.example/fragments/recommendations',
    ]);
    expect(trace.subrequests.find((s) => s.url.endsWith('/reviews'))?.status).toBe(503);
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
