import { afterEach, describe, expect, it } from 'vitest';
import { definePage } from '../../src/html/index.ts';
import { makeRequest, onEdge, type EdgeCall } from '../helpers/edge.ts';
import { readAll, startOrigin, type Origin, type Route } from './helpers/origin.ts';

let origin: Origin | undefined;
afterEach(async () => {
  await origin?.close();
  origin = undefined;
});

async function render(template: string, routes: Record<string, Route | ((url: URL) => Route)>, call: EdgeCall = {}) {
  const o = await startOrigin(routes);
  origin = o;
  const page = definePage({ template, esi: { forwardHeaders: ['cookie'] } });
  return onEdge({ defaultOrigin: o.url }, async () => {
    const assembled = await page.assemble(makeRequest(call));
    return { text: await readAll(assembled.body as unknown as ReadableStream<Uint8Array>), log: o.log, origin: o };
  });
}

// A page written for an ESI processor, moved to Weft unchanged.
const ESI_PAGE = `<html><body>
<esi:remove><a href="/no-esi">shown only without ESI</a></esi:remove>
<esi:choose>
  <esi:when test="$(HTTP_COOKIE{tier}) == 'gold'"><esi:include src="/offers/gold"/></esi:when>
  <esi:when test="$(GEO{country_code}) == 'FR'"><esi:include src="/offers/fr"/></esi:when>
  <esi:otherwise><esi:include src="/offers/default" alt="/offers/static" onerror="continue"/></esi:otherwise>
</esi:choose>
<esi:try><esi:attempt><esi:include src="/reco"/></esi:attempt><esi:except><p>No picks today</p><esi:include src="/reco/static"/></esi:except></esi:try>
<!--esi <p>Hello <esi:vars>$(HTTP_COOKIE{name}|guest)</esi:vars></p> -->
</body></html>`;

const ROUTES: Record<string, Route> = {
  '/offers/gold': { body: '<b>gold offer</b>' },
  '/offers/fr': { body: '<b>offre</b>' },
  '/offers/default': { status: 500 },
  '/offers/static': { body: '<b>static offer</b>' },
  '/reco': { status: 404 },
  '/reco/static': { body: '<i>static picks</i>' },
};

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('ESI compatibility', () => {
  it('chooses by cookie, includes, falls back through try/except and escapes variables', async () => {
    const { text, log } = await render(ESI_PAGE, ROUTES, { headers: { cookie: 'tier=gold; name=<Ann>' } });
    expect(squash(text)).toBe('<html><body> <b>gold offer</b> <p>No picks today</p><i>static picks</i> <p>Hello &lt;Ann&gt;</p> </body></html>');
    // Includes in branches that were not chosen never start.
    expect(log.filter((l) => l.startsWith('GET'))).toEqual(expect.arrayContaining(['GET /offers/gold', 'GET /reco', 'GET /reco/static']));
    expect(log).not.toContain('GET /offers/fr');
    expect(log).not.toContain('GET /offers/default');
  });

  it('chooses by GEO and uses alt when the include fails', async () => {
    const fr = await render(ESI_PAGE, ROUTES, { location: { country: 'FR' } });
    expect(squash(fr.text)).toContain('<b>offre</b>');
    await origin?.close();
    const other = await render(ESI_PAGE, ROUTES, { location: { country: 'US' } });
    expect(squash(other.text)).toContain('<html><body> <b>static offer</b> <p>No picks today</p>');
    expect(squash(other.text)).toContain('<p>Hello guest</p>');
  });

  it('substitutes request variables into include URLs (URL-encoded) and forwards the chosen headers', async () => {
    const { text, origin: o } = await render('<esi:include src="/search?q=$(QUERY_STRING{q})&c=$(GEO{country_code}|XX)"/>', {
      '/search': (url) => ({ body: `[${url.searchParams.get('q')}|${url.searchParams.get('c')}]` }),
    }, { query: 'q=a%26b%20c', headers: { cookie: 'sid=1' } });
    expect(text).toBe('[a&b c|XX]');
    expect(o.seenHeaders.get('/search')?.cookie).toBe('sid=1');
  });

  it('leaves an include that fails without alt or onerror empty, and the rest of the page intact', async () => {
    const { text } = await render('<p>a</p><esi:include src="/missing"/><p>b</p>', {});
    expect(text).toBe('<p>a</p><p>b</p>');
  });
});
