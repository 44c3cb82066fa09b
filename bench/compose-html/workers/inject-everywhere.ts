// Injection that can match anywhere: the same script and banner plus loading="lazy" on every img,
// so the rewriter reads the whole page (no forwarding after <body>).
import { html, respondInjected } from '@weft/compose';
import { httpRequest } from 'http-request';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const banner = httpRequest('/banner');
  const page = await httpRequest(request.url);
  return respondInjected(page, [
    { selector: 'head', append: html`<script src="/rum.js" defer></script>` },
    { selector: 'body', prepend: banner, fallback: html`<div class="banner">Welcome</div>` },
    { selector: 'img', setAttributes: { loading: 'lazy' } },
  ]);
}
