import { describe, expect, it } from 'vitest';
import { parse } from 'parse5';
import { z } from 'zod';
import { definePage, html, type AssembledPage } from '../../src/html/index.ts';
import { device } from '../../src/core/index.ts';
import { makeRequest, onEdge, type EdgeCall } from '../helpers/edge.ts';
import type { SubrequestRecord } from '@weft/platform';
import { originPerTest, readAll, type Origin, type Route } from './helpers/origin.ts';

const serve = originPerTest();

/** Assembles inside a responseProvider invocation and reads the whole body, logging the first chunk. */
async function run(page: ReturnType<typeof definePage>, o: Origin, call: EdgeCall = {}) {
  return onEdge({ defaultOrigin: o.url }, async () => {
    const assembled: AssembledPage = await page.assemble(makeRequest(call));
    let first = true;
    const text = await readAll(assembled.body as unknown as ReadableStream<Uint8Array>, () => {
      if (first) o.log.push('client: first chunk');
      first = false;
    });
    return { ...assembled, text, report: await assembled.report };
  });
}

const SHELL = html`<!doctype html><html><head><title>Shop</title></head><body>
<weft-slot name="header"></weft-slot>
<main><weft-slot name="slow"><p>slow fallback</p></weft-slot></main>
<weft-slot name="broken"><p>template fallback</p></weft-slot>
<weft-slot name="footer"></weft-slot>
</body></html>`;

describe('page assembly', () => {
  it('streams the head before a slow fragment answers, keeps document order, and falls back for a failing fragment', async () => {
    const o = await serve({
      '/header': { body: '<header>H</header>' },
      '/slow': { delay: 250, chunks: ['<section>slow ', 'part</section>'] },
      '/broken': { status: 503, body: 'down' },
      '/footer': { body: '<footer>F</footer>' },
    });
    const page = definePage({
      template: SHELL,
      slots: {
        header: { url: '/header' },
        slow: { url: '/slow' },
        broken: { url: '/broken' },
        footer: { url: '/footer' },
      },
    });
    const result = await run(page, o);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    // Streaming: the page's first bytes reached the reader before the slow origin answered.
    expect(o.log.indexOf("client: first chunk")).toBeLessThan(o.log.indexOf('answered /slow'));
    // All fragments were requested at once, before the slow one answered.
    expect(o.log.indexOf('GET /footer')).toBeLessThan(o.log.indexOf('answered /slow'));
    expect(result.text).toBe(`<!doctype html><html><head><title>Shop</title></head><body>
<header>H</header>
<main><section>slow part</section></main>
<p>template fallback</p>
<footer>F</footer>
</body></html>`);
    expect(result.report.partial).toBe(true);
    expect(result.report.outcomes.find((x) => x.name === 'broken')).toMatchObject({ outcome: 'fallback' });
    const doc = parse(result.text);
    expect(doc.childNodes.length).toBeGreaterThan(0);
  });

  it('feeds JSON data (schema-validated) into conditions and escaped values; picks a candidate by device', async () => {
    const o = await serve({
      '/api/promos': (url) => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ country: url.searchParams.get('country'), items: [{ title: 'Soldes <b>-50%</b>' }, { title: 'Livraison "gratuite"' }] }),
      }),
      '/hero/mobile': { body: '<div class="hero m">mobile</div>' },
      '/hero/desktop': { body: '<div class="hero d">desktop</div>' },
    });
    const Promos = z.object({ country: z.string(), items: z.array(z.object({ title: z.string() })) });
    const page = definePage({
      template: '<body><weft-slot name="hero"></weft-slot><weft-slot name="promos"></weft-slot></body>',
      data: { promos: { url: '/api/promos?country={location.country|US}', schema: Promos, failure: 'optional' } },
      slots: {
        hero: { candidates: [{ when: device.mobile, url: '/hero/mobile' }, { url: '/hero/desktop' }] },
        promos: {
          dependsOn: ['promos'],
          when: (_ctx, data) => (data.promos?.items.length ?? 0) > 0,
          render: (_ctx, data) => html`<ul data-country="${data.promos?.country}">${data.promos?.items.map((i) => html`<li>${i.title}</li>`)}</ul>`,
        },
      },
    });
    const mobile = await run(page, o, { location: { country: 'FR' }, device: { isMobile: 'true', isTablet: 'false' } });
    expect(mobile.text).toBe(
      '<body><div class="hero m">mobile</div><ul data-country="FR"><li>Soldes &lt;b&gt;-50%&lt;/b&gt;</li><li>Livraison &quot;gratuite&quot;</li></ul></body>',
    );
    const desktop = await run(page, o, { location: { country: 'DE' }, device: { isMobile: 'false', isTablet: 'false' } });
    expect(desktop.text).toContain('<div class="hero d">desktop</div><ul data-country="DE">');
  });

  it('uses the fallback when data fails its schema, and the slot children when nothing else is given', async () => {
    const o = await serve({ '/api/promos': { headers: { 'content-type': 'application/json' }, body: '{"items": "nope"}' } });
    const page = definePage({
      template: '<weft-slot name="promos"><p>No promotions today</p></weft-slot>',
      data: { promos: { url: '/api/promos', schema: z.object({ items: z.array(z.string()) }), failure: 'optional' } },
      slots: { promos: { dependsOn: ['promos'], render: (_c, d) => html`<p>${d.promos?.items.length ?? 'none'}</p>`, when: (_c, d) => d.promos !== undefined } },
    });
    // No candidate applies: the slot shows its default content, its children in the template.
    expect((await run(page, o)).text).toBe('<p>No promotions today</p>');
    const strict = definePage({
      template: '<weft-slot name="promos"><p>No promotions today</p></weft-slot>',
      data: { promos: { url: '/api/promos', schema: z.object({ items: z.array(z.string()) }), failure: 'optional' } },
      slots: {
        promos: {
          dependsOn: ['promos'],
          render: (_c, d) => {
            if (d.promos === undefined) throw new Error('no promotions data');
            return html`<p>${d.promos.items.length}</p>`;
          },
        },
      },
    });
    expect((await run(strict, o)).text).toBe('<p>No promotions today</p>');
    const reports: unknown[] = [];
    const wrong = definePage({
      template: '<weft-slot name="n">fallback</weft-slot>',
      slots: { n: { render: () => 42 as unknown as string } },
      onOutcome: (outcome) => reports.push(outcome),
    });
    expect((await run(wrong, o)).text).toBe('fallback');
    expect(String((reports[0] as { error: unknown }).error)).toMatch(/slots.n.render returned number; return a string \(escaped text\) or raw\(\)/);
  });

  it('replaces a fragment that breaks within the read-ahead window by its fallback, as a whole', async () => {
    const o = await serve({
      '/partial': { chunks: ['<div>half of it'], breakAfter: true },
      '/big': { chunks: ['<div>', 'x'.repeat(2048), 'y'.repeat(2048)], chunkDelay: 20, breakAfter: true },
    });
    const page = definePage({
      template: '<a><weft-slot name="partial"></weft-slot></a><b><weft-slot name="big"></weft-slot></b>',
      readAhead: 1024,
      slots: { partial: { url: '/partial', fallback: html`<em>fallback</em>` }, big: { url: '/big', fallback: 'never used' } },
    });
    const result = await run(page, o);
    expect(result.text.startsWith('<a><em>fallback</em></a><b><div>xxxx')).toBe(true);
    // Past the read-ahead the fragment was already flowing: it is cut and the page still completes.
    expect(result.text).toMatch(/<!-- weft: fragment "big" failed after \d+ bytes --><\/b>$/);
    expect(result.report.outcomes.map((x) => x.outcome).sort()).toEqual(['cut', 'fallback']);
  });

  it('keeps at most `concurrency` fragment requests in flight', async () => {
    const routes: Record<string, Route> = {};
    const slots: Record<string, { url: string }> = {};
    let template = '';
    for (let i = 0; i < 7; i++) {
      routes[`/f${i}`] = { delay: 30, body: `[${i}]` };
      slots[`s${i}`] = { url: `/f${i}` };
      template += `<weft-slot name="s${i}"></weft-slot>`;
    }
    const o = await serve(routes);
    const result = await run(definePage({ template, slots, concurrency: 2 }), o);
    expect(result.text).toBe('[0][1][2][3][4][5][6]');
    expect(o.maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe('primary fragment and the commit point', () => {
  const template = '<html><body><weft-slot name="main"><p>main unavailable</p></weft-slot><weft-slot name="side"></weft-slot></body></html>';

  it("takes the primary's status and chosen headers", async () => {
    const o = await serve({
      '/main': { status: 203, headers: { 'cache-control': 'max-age=60', 'set-cookie': ['a=1', 'b=2'], 'x-internal': 'no' }, body: '<p>main</p>' },
      '/side': { body: '<aside>side</aside>' },
    });
    const page = definePage({ template, primary: 'main', slots: { main: { url: '/main' }, side: { url: '/side' } } });
    const result = await run(page, o);
    expect(result.status).toBe(203);
    expect(result.headers['cache-control']).toBe('max-age=60');
    expect(result.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(result.headers['x-internal']).toBeUndefined();
    expect(result.text).toBe('<html><body><p>main</p><aside>side</aside></body></html>');
  });

  it('answers a redirect from the primary with the redirect alone', async () => {
    const o = await serve({ '/main': { status: 302, headers: { location: '/login' } }, '/side': { delay: 100, body: 'side' } });
    const page = definePage({ template, primary: 'main', slots: { main: { url: '/main' }, side: { url: '/side' } } });
    const result = await run(page, o);
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe('/login');
    expect(result.text).toBe('');
  });

  it('fails the page status (500) with the fallback in place when the primary fails, and passes a 404 through', async () => {
    const o = await serve({ '/main': { status: 502 }, '/gone': { status: 404 }, '/side': { body: 'side' } });
    const failing = await run(definePage({ template, primary: 'main', slots: { main: { url: '/main' }, side: { url: '/side' } } }), o);
    expect(failing.status).toBe(500);
    expect(failing.text).toBe('<html><body><p>main unavailable</p>side</body></html>');
    const gone = await run(definePage({ template, primary: 'main', slots: { main: { url: '/gone' }, side: { url: '/side' } } }), o);
    expect(gone.status).toBe(404);
  });
});

describe('fetched templates', () => {
  it('scans a streamed template as it arrives and fills its slots', async () => {
    const o = await serve({
      '/template': { chunks: ['<html><head><title>T</title></head><body><weft-sl', 'ot name="a"></weft-slot>|<esi:include src="/inc"/>|', '</body></html>'], chunkDelay: 10 },
      '/a': { body: 'A' },
      '/inc': { body: 'I' },
    });
    const page = definePage({ template: { url: '/template' }, primary: 'template', slots: { a: { url: '/a' } } });
    const result = await run(page, o);
    expect(result.text).toBe('<html><head><title>T</title></head><body>A|I|</body></html>');
  });

  it('uses the fallback template when the template cannot be fetched', async () => {
    const o = await serve({ '/template': { status: 500 }, '/a': { body: 'A' } });
    const page = definePage({ template: { url: '/template', fallback: '<p><weft-slot name="a"></weft-slot></p>' }, slots: { a: { url: '/a' } } });
    expect((await run(page, o)).text).toBe('<p>A</p>');
  });
});

describe('definition errors name the option, the value and the rule', () => {
  it.each([
    [{ template: '<weft-slot name="x"></weft-slot>' }, /<weft-slot name="x"> has no declaration in slots \(declared: none\)/],
    [{ template: 'x', slots: { a: { url: '/a' } } }, /slots: "a" declared but the template has no <weft-slot name="a">/],
    [{ template: '<weft-slot name="a"/>', slots: { a: {} } }, /slots.a: give exactly one of url/],
    [{ template: '<weft-slot name="a"/>', slots: { a: { url: '/a', content: 'x' } } }, /got url and content/],
    [{ template: '<weft-slot name="a"/>', slots: { a: { url: '/a', timeout: -1 } } }, /slots.a.timeout: expected a positive number of milliseconds, got -1/],
    [{ template: '<weft-slot name="a"/>', slots: { a: { url: '/{promos.id}' } } }, /slots.a.url reads \{promos…\}, which is neither a request namespace nor a data source/],
    [{ template: '<weft-slot name="a"/>', slots: { a: { url: '/a' } }, primary: 'b' }, /primary: "b" is neither "template" nor a declared slot/],
    [{ template: '<weft-slot name="a"/>', slots: { a: { url: '/a' } }, status: 700 }, /status: expected an HTTP status 200–599 \(spec §9, decisions 5\), got 700/],
    [{ template: '<esi:when test="$(X) == 1"></esi:when>' }, /unknown variable X/],
    [{ template: '<esi:include src="/a"/>', esi: false }, /esi: false/],
  ])('%#', (options, message) => {
    expect(() => definePage(options as Parameters<typeof definePage>[0])).toThrow(message);
  });
});

describe('the deadline and the limits', () => {
  it("shrinks a fragment's timeout to the page deadline, so a slow fragment gives way to its fallback", async () => {
    const o = await serve({ '/fast': { body: 'fast' }, '/slow': { delay: 1000, body: 'slow' } });
    const page = definePage({
      template: '<weft-slot name="fast"></weft-slot>|<weft-slot name="slow">waited too long</weft-slot>',
      deadline: 150,
      slots: { fast: { url: '/fast' }, slow: { url: '/slow', timeout: 5000 } },
    });
    const result = await run(page, o);
    expect(result.text).toBe('fast|waited too long');
    const slow = result.report.outcomes.find((x) => x.name === 'slow');
    expect(slow).toMatchObject({ outcome: 'fallback' });
    expect(String((slow as { error: unknown }).error)).toMatch(/timeout 150 ms|timed out/);
  });
});

describe('sub-requests that are not needed are not made', () => {
  it('a slot in an <esi:choose> branch that was not chosen never starts; a primary there leaves the page status', async () => {
    const o = await serve({ '/gold': { body: 'GOLD' }, '/std': { status: 404 } });
    const page = definePage({
      template: '<p>x</p><esi:choose><esi:when test="$(HTTP_COOKIE{tier}) == \'gold\'"><weft-slot name="gold"></weft-slot></esi:when><esi:otherwise>standard</esi:otherwise></esi:choose>',
      primary: 'gold',
      slots: { gold: { url: '/gold' } },
    });
    const standard = await run(page, o);
    expect(standard.status).toBe(200);
    expect(standard.text).toBe('<p>x</p>standard');
    expect(o.log.filter((l) => l.startsWith('GET'))).toEqual([]);
    const gold = await run(page, o, { headers: { cookie: 'tier=gold' } });
    expect(gold.text).toBe('<p>x</p>GOLD');
  });

  it('a page cancelled after its first chunk (the client went away) starts no sub-request', async () => {
    const o = await serve({ '/a': { body: 'A' } });
    const page = definePage({ template: '<p>head</p><weft-slot name="a"></weft-slot>', slots: { a: { url: '/a' } } });
    const report = await onEdge({ defaultOrigin: o.url }, async () => {
      const assembled = await page.assemble(makeRequest());
      const reader = (assembled.body as unknown as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('<p>head</p>');
      await reader.cancel('client went away');
      return assembled.report;
    });
    expect(report.subrequests).toBe(0);
    expect(o.log).toEqual([]);
  });
});

describe('fragments waiting for their turn', () => {
  const big = 'b'.repeat(200 * 1024);
  const template = '<weft-slot name="slow"></weft-slot>|<weft-slot name="big">big fallback</weft-slot>';
  const routes = (): Record<string, Route> => ({ '/slow': { delay: 300, body: 'S' }, '/big': { chunks: [big.slice(0, 100 * 1024), big.slice(100 * 1024)] } });
  const slots = { slow: { url: '/slow' }, big: { url: '/big' } };

  /** The sub-request records of one assembly (the platform notes when each body was read). */
  async function records(bufferLimit: number | undefined) {
    const o = await serve(routes());
    const seen: SubrequestRecord[] = [];
    const page = definePage({ template, slots, readAhead: 16 * 1024, ...(bufferLimit === undefined ? {} : { bufferLimit }) });
    const text = await onEdge({ defaultOrigin: o.url }, async () => readAll((await page.assemble(makeRequest())).body as unknown as ReadableStream<Uint8Array>), seen);
    expect(text).toBe(`S|${big}`);
    const slow = seen.find((r) => r.url.endsWith('/slow'));
    const bigOne = seen.find((r) => r.url.endsWith('/big'));
    // Moments on the invocation's clock (not durations: the two sub-requests start at different times).
    return {
      slowAnswered: slow === undefined || slow.durationMs === undefined ? NaN : slow.startedAt + slow.durationMs,
      bigRead: bigOne === undefined || bigOne.totalDurationMs === undefined ? NaN : bigOne.startedAt + bigOne.totalDurationMs,
    };
  }

  // The platform's sub-request timeout covers the whole body (spec §10): a body that idles behind
  // a slow fragment spends its timeout waiting. Within the page's buffer budget it is read at once.
  it("finish reading their body within the page's buffer budget, before the slow fragment answered", async () => {
    const { slowAnswered, bigRead } = await records(undefined);
    expect(bigRead).toBeLessThan(slowAnswered);
  });

  it('without a budget, stop at their read-ahead until their turn comes', async () => {
    const { slowAnswered, bigRead } = await records(0);
    expect(bigRead).toBeGreaterThanOrEqual(slowAnswered);
  });
});
