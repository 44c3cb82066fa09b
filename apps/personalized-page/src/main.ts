/**
 * personalized-page: one page assembled from fragments in the responseProvider.
 *
 * - header and footer: shared fragments; the header declares its stylesheet and script in a `Link`
 *   header, and the page holds its head for them (`holdHead`), so the stylesheet is in <head>;
 * - hero: a different fragment for mobiles, tablets and desktops (request.device);
 * - promotions: rendered here from a JSON source chosen by the visitor's country, validated by a
 *   schema, values escaped;
 * - recommendations: a slow fragment from another worker, apps/recommendations, run as a subWorker
 *   (platform §20; its catalogue answers after 500 ms the first time), as an async slot: the rest
 *   of the page goes out at once and the fragment follows at the end of the body, moved into place;
 * - reviews: a fragment whose origin fails: its `fallbackUrl` (a cached copy) takes its place, and
 *   the slot's own fallback stays the last resort.
 * Fragments are cacheable: from the second request on, their sub-requests are cache hits (issue 17).
 * `onClientRequest` sets PMUSER_103_HINTS for the property's Early Hints from the declared assets.
 */
import { definePage, device, html } from '@weft/compose';
import * as z from 'zod/mini';
import { SHELL } from './template.ts';

// The platform forbids code generation from strings (spec §1.3); tell zod not to probe for it.
z.config({ jitless: true });

const FRAGMENTS = 'https://fragments.weft.example';
const RECOMMENDATIONS = 'https://reco.weft.example';
const ASSETS = 'https://assets.weft.example';

const Promotions = z.object({
  country: z.string(),
  items: z.array(z.object({ title: z.string(), href: z.string(), discount: z.number() })),
});

const page = definePage({
  template: SHELL,
  data: {
    promotions: {
      url: 'https://api.weft.example/promotions/{location.country|US}',
      schema: Promotions,
      timeout: 800,
      failure: 'optional',
    },
  },
  slots: {
    header: { url: `${FRAGMENTS}/fragments/header`, timeout: 500, assets: { holdHead: true, styles: [`${ASSETS}/header.css`] } },
    hero: {
      candidates: [
        { when: device.mobile, url: `${FRAGMENTS}/fragments/hero/mobile` },
        { when: device.tablet, url: `${FRAGMENTS}/fragments/hero/tablet` },
        { url: `${FRAGMENTS}/fragments/hero/desktop` },
      ],
      fallback: html`<section class="hero"><h1>Welcome to Weft Shop</h1></section>`,
    },
    promotions: {
      dependsOn: ['promotions'],
      when: (_ctx, data) => (data.promotions?.items.length ?? 0) > 0,
      render: (_ctx, { promotions }) => html`<section class="promotions" data-country="${promotions?.country}">
<h2>Offers for you</h2>
<ul>${promotions?.items.map((item) => html`<li><a href="${item.href}">${item.title}</a> <span class="discount">-${item.discount}%</span></li>`)}</ul>
</section>`,
    },
    recommendations: { url: `${RECOMMENDATIONS}/fragments/recommendations`, timeout: 2000, async: true },
    reviews: { url: `${FRAGMENTS}/fragments/reviews`, fallbackUrl: `${FRAGMENTS}/fragments/reviews-cached`, timeout: 1000 },
    footer: { url: `${FRAGMENTS}/fragments/footer`, timeout: 500 },
  },
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' },
  deadline: 3000,
  preloadHeader: true,
});

export function onClientRequest(request: EW.IngressClientRequest): void {
  request.setVariable('PMUSER_103_HINTS', page.earlyHints());
}

export function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  return page.respond(request);
}
