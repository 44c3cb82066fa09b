// Injection: a script before </head> and a banner streamed in from its own origin at the top of <body>.
import { html, respondInjected } from '@weft/compose';
import { httpRequest } from 'http-request';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const banner = httpRequest('/banner');
  const page = await httpRequest(request.url);
  return respondInjected(page, [
    { selector: 'head', append: html`<script src="/rum.js" defer></script>` },
    { selector: 'body', prepend: banner, fallback: html`<div class="banner">Welcome</div>` },
  ]);
}
