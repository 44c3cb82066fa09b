import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
});
afterAll(() => worker?.close());

describe('compose-tour-inject', () => {
  it('puts the script just before </head> and sets attributes on the matching elements', async () => {
    const { status, text } = await worker.send('/');
    expect(status).toBe(200);
    expect(text).toContain('<title>Winter collection</title><script src="https://assets.tour.example/rum.js" defer></script></head>');
    expect(text.match(/loading="lazy"/g)).toHaveLength(2);
    expect(text).toContain('<a class="external" href="https://blog.example/care" rel="noopener">');
    expect(text).toContain('<p id="greeting">Hello, visitor!</p>');
  });

  it('writes a plain string as text: markup in the query string arrives escaped', async () => {
    const { text } = await worker.send('/?name=%3Cb%3EAda%3C%2Fb%3E');
    expect(text).toContain('<p id="greeting">Hello, &lt;b&gt;Ada&lt;/b&gt;!</p>');
    expect(text).not.toContain('<b>Ada');
  });
});
