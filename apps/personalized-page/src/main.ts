/**
 * personalized-page: one page assembled from fragments in the responseProvider.
 *
 * - header and footer: shared fragments;
 * - hero: a different fragment for mobiles, tablets and desktops (request.device);
 * - promotions: rendered here from a JSON source chosen by the visitor's country, validated by a
 *   schema, values escaped;
 * - recommendations: a slow fragment from another worker, apps/recommendations, run as a subWorker
 *   (platform §20; its catalogue answers after 500 ms the first time): the page does not wait for
 *   it before sending its head and header;
 * - reviews: a fragment whose origin fails: its fallback takes its place.
 */
import { definePage, device, html } from '@weft/compose';
import * as z from 'zod/mini';
import { SHELL } from './template.ts';

// The platform forbids code generation from strings (spec §1.3); tell zod not to probe for it.
z.config({ jitless: true });

const FRAGMENTS = 'https://fragments.weft.example';
const RECOMMENDATIONS = 'https://reco.weft.example';

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
    header: { url: `${FRAGMENTS}/fragments/header`, timeout: 500 },
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
    recommendations: { url: `${RECOMMENDATIONS}/fragments/recommendations`, timeout: 2000 },
    reviews: { url: `${FRAGMENTS}/fragments/reviews`, timeout: 1000 },
    footer: { url: `${FRAGMENTS}/fragments/footer`, timeout: 500 },
  },
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' },
  deadline: 3000,
});

export function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  return page.respond(request);
}
