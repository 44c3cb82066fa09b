import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ParserError } from 'parse5';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

function parseErrors(text: string): string[] {
  const errors: ParserError[] = [];
  parse(text, { onParseError: (error) => errors.push(error) });
  return errors.map((e) => e.code);
}

describe('response-manipulation', () => {
  it("streams the origin's page with the script just before </head> and the visitor's country banner", async () => {
    const { status, headers, text } = await worker.send('/');
    expect(status).toBe(200);
    // The origin said max-age=60; a page personalised by country must not be shared by the cache.
    expect(headers.get('cache-control')).toBe('private, no-store');
    expect(text).toContain('<link rel="stylesheet" href="https://assets.weft.example/shop.css">\n<script src="https://assets.weft.example/rum.js" defer></script></head>');
    expect(text).toContain('<body><div class="banner banner-fr">Livraison offerte dès 50 €</div>\n<header>');
    expect(parseErrors(text)).toEqual([]);
  });

  it('chooses the banner by country and falls back to the generic one when there is none', async () => {
    expect((await worker.send('/', { scenario: 'germany' })).text).toContain('<div class="banner banner-de">');
    const japan = await worker.send('/', { scenario: 'japan' });
    expect(japan.text).toContain('<body><div class="banner banner-default">Welcome to Weft Shop</div>');
    expect(japan.trace.subrequests.find((s) => s.url.includes('/banners/'))?.status).toBe(404);
  });

  it('passes a response that is not HTML through untouched', async () => {
    const { headers, text } = await worker.send('/logo.png');
    expect(headers.get('content-type')).toBe('image/png');
    expect(text).toBe('PNG');
  });
});
