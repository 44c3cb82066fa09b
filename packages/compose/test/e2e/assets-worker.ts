/// <reference types="akamai-edgeworkers" />
// The worker of assets-page.test.ts: a page whose fragments declare CSS and JS in Link headers,
// one async slot and one fragment with a fallbackUrl; onClientRequest sets the Early Hints variable.
import { definePage, html } from '@weft/compose';

const FRAGMENTS = 'https://fragments.assets.example';

const page = definePage({
  template: html`<!doctype html><html><head><title>Assets</title></head><body>
<weft-slot name="header"></weft-slot>
<weft-slot name="recs"><p>Loading picks</p></weft-slot>
<weft-slot name="reviews"><p>Reviews are unavailable</p></weft-slot>
<footer>F</footer>
</body></html>`,
  slots: {
    header: { url: `${FRAGMENTS}/header`, assets: { holdHead: true, styles: ['/css/base.css'] } },
    recs: { url: `${FRAGMENTS}/recs`, async: true },
    reviews: { url: `${FRAGMENTS}/reviews`, fallbackUrl: `${FRAGMENTS}/reviews-cached`, assets: { holdHead: true } },
  },
  preloadHeader: true,
  nonce: (ctx) => ctx.header('x-nonce'),
});

export function onClientRequest(request: EW.IngressClientRequest): void {
  const hints = page.earlyHints();
  if (hints !== '') request.setVariable('PMUSER_103_HINTS', hints);
}

export const responseProvider = (request: EW.ResponseProviderRequest): Promise<object> => page.respond(request);

// Shows the variable the platform's Early Hints behaviour would read (the test reads it here).
export function onClientResponse(request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  response.setHeader('x-early-hints', request.getVariable('PMUSER_103_HINTS') ?? 'none');
}
