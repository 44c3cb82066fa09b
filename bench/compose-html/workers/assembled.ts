// Weft: the page assembled from five fragments and streamed in document order.
import { definePage } from '@weft/compose';
import { FRAGMENT_HOST, WEFT_TEMPLATE } from '../page.ts';

const base = `https://${FRAGMENT_HOST}`;
const page = definePage({
  template: WEFT_TEMPLATE,
  slots: {
    header: { url: `${base}/header` },
    hero: { url: `${base}/hero` },
    promotions: { url: `${base}/promotions` },
    recommendations: { url: `${base}/recommendations` },
    footer: { url: `${base}/footer` },
  },
});

export function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  return page.respond(request);
}
