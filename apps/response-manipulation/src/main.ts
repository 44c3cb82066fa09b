/**
 * response-manipulation: the origin's page streams through the platform's html-rewriter; a script
 * goes in just before `</head>`, and a banner chosen by the visitor's country (from its own origin,
 * streamed, never buffered) goes at the top of `<body>`. A country without a banner, or a banner
 * origin that fails, gets the generic welcome banner.
 */
import { html, respondInjected } from '@weft/compose';
import { httpRequest } from 'http-request';

const BANNERS = 'https://banners.weft.example/banners';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const country = request.userLocation?.country ?? 'US';
  // Both sub-requests start at once; the banner streams in when the rewriter reaches <body>.
  const banner = httpRequest(`${BANNERS}/${encodeURIComponent(country.toLowerCase())}`, { timeout: 1000 });
  banner.catch(() => undefined);
  const page = await httpRequest(request.url, { headers: { accept: 'text/html' }, timeout: 5000 });
  return respondInjected(
    page,
    [
      { selector: 'head', append: html`<script src="https://assets.weft.example/rum.js" defer></script>` },
      { selector: 'body', prepend: banner, fallback: html`<div class="banner banner-default">Welcome to Weft Shop</div>` },
    ],
    // The page now differs by country: the origin's max-age must not let the edge cache serve
    // one country's banner to everyone (the cache key does not include the country).
    { headers: { 'cache-control': 'private, no-store' } },
  );
}
