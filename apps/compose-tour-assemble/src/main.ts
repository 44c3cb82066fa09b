// A page assembled from fragments, streamed in document order: each <weft-slot> is filled by a
// fragment fetched from its own origin, or by markup rendered here from JSON data.
import * as z from 'zod/mini';
import { definePage, html } from '@weft/compose';

z.config({ jitless: true }); // the edge forbids code generation from strings

const Offers = z.object({ items: z.array(z.object({ title: z.string(), discount: z.number() })) });

const page = definePage({
  // A slot's children are its fallback: what the page shows when the fragment fails.
  template: `<!doctype html>
<html><head><title>Weft tour</title></head>
<body>
<weft-slot name="header"></weft-slot>
<weft-slot name="offers"></weft-slot>
<weft-slot name="reviews"><p>Reviews are resting.</p></weft-slot>
</body></html>
`,
  data: { offers: { url: 'https://api.tour.example/offers/{location.country|US}', schema: Offers, failure: 'optional' } },
  slots: {
    header: { url: 'https://fragments.tour.example/header', timeout: 500 },
    // html`` keeps its own markup and escapes what goes into ${}: an offer titled
    // "Scarves & gloves <winter>" is written as text, never as tags.
    offers: {
      dependsOn: ['offers'],
      render: (_ctx, { offers }) => html`<ul class="offers">${offers?.items.map((o) => html`<li>${o.title} (-${o.discount}%)</li>`)}</ul>`,
    },
    reviews: { url: 'https://fragments.tour.example/reviews', timeout: 500 },
  },
  deadline: 2_000,
});

export const responseProvider = (request: EW.ResponseProviderRequest): Promise<object> => page.respond(request);
