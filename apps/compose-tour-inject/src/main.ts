// The origin's page, streamed through the platform's HTML rewriter: a script goes in just before
// </head>, every <img> gets loading="lazy", links out get rel="noopener", and a greeting is
// written from the query string. Nothing is buffered: the page flows as it arrives.
import { captureContext, html, respondInjected } from '@weft/compose';
import { httpRequest } from 'http-request';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const name = captureContext(request).query.name ?? 'visitor';
  const page = await httpRequest(request.url, { headers: { accept: 'text/html' }, timeout: 2_000 });
  return respondInjected(page, [
    // Markup: html`` (or raw()) says "this is HTML"; it is written as is.
    { selector: 'head', append: html`<script src="https://assets.tour.example/rum.js" defer></script>` },
    { selector: 'img', setAttributes: { loading: 'lazy' } },
    { selector: 'a.external', setAttributes: { rel: 'noopener' } },
    // A plain string is text: "<b>Ada</b>" arrives as &lt;b&gt;Ada&lt;/b&gt;, never as a tag.
    { selector: '#greeting', replaceChildren: `Hello, ${name}!` },
  ]);
}
