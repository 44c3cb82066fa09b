import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

describe('compose-tour-assemble', () => {
  it('fills each slot in document order: a fragment, escaped data, and a failed fragment’s fallback', async () => {
    const { status, headers, text, trace } = await worker.send('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(text).toContain('<body>\n<header><a href="/">Weft Shop</a></header>\n<ul class="offers">');
    // Data is text: the offer's "&" and "<winter>" are escaped.
    expect(text).toContain('<li>Scarves &amp; gloves &lt;winter&gt; (-20%)</li>');
    expect(text).toContain('<p>Reviews are resting.</p>\n</body></html>');
    expect(text).not.toContain('<weft-slot');
    // The reviews fragment fails while the page streams, after responseProvider returned: the
    // fallback is still a warning of that stage.
    expect(trace.warnings).toContainEqual(expect.objectContaining({ code: 'compose-fallback', stage: 'responseProvider' }));
  });

  it('chooses the offers by the visitor’s country', async () => {
    const { text } = await worker.send('/', { location: { country: 'US' } });
    expect(text).toContain('<ul class="offers"></ul>');
  });
});
