// Injection: a script before </head> and a banner streamed in from its own origin at the top of <body>.
import { html, raw, respondInjected, type Injection } from '@weft/compose';
import { httpRequest } from 'http-request';
import { RUM_SCRIPT } from '../page.ts';

/** The script and the banner (fetched in parallel with the page, streamed in). */
export function scriptAndBanner(): Injection[] {
  return [
    { selector: 'head', append: raw(RUM_SCRIPT) },
    { selector: 'body', prepend: httpRequest('/banner'), fallback: html`<div class="banner">Welcome</div>` },
  ];
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const injections = scriptAndBanner();
  return respondInjected(await httpRequest(request.url), injections);
}
