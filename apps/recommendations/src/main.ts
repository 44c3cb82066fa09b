/**
 * recommendations: the "Picked for you" fragment of personalized-page, as a subWorker (platform
 * §20). personalized-page maps `reco.weft.example` to `app:recommendations`, so its sub-request for
 * the fragment runs this worker under `weft dev`. The picks come from a slow catalogue (500 ms)
 * whose answer is cacheable: from the second page on, this worker's own sub-request is a cache hit.
 * The fragment itself depends on the visitor's country, so it is `private`.
 */
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

interface Catalog {
  picks: Record<string, string[]>;
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const country = request.userLocation?.country ?? 'US';
  const catalog = await httpRequest('https://catalog.weft.example/picks/all', { timeout: 1500 });
  const picks = catalog.ok ? ((await catalog.json()) as Catalog).picks[country] ?? [] : [];
  const items = picks.map((pick) => `<li>${escape(pick)}</li>`).join('');
  const body = `<section class="recommendations"><h2>Picked for you</h2><ul>${items}</ul></section>`;
  return createResponse(200, { 'content-type': ['text/html; charset=utf-8'], 'cache-control': ['private, max-age=60'] }, body);
}
