/// <reference types="akamai-edgeworkers" />
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';

// Visitors from France go to the French site; everyone keeps their session in the cache key.
export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.userLocation?.country === 'FR' && !request.path.startsWith('/fr/')) {
    request.respondWith(302, { location: [`/fr${request.path}`] }, '');
    return;
  }
  request.cacheKey.includeCookie('session');
  request.setVariable('PMUSER_SEGMENT', request.device?.isMobile === true ? 'mobile' : 'desktop');
}

// GET /cart: the cart API's items, priced by the price API, in one JSON answer.
export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const cart = await httpRequest('https://api.example.com/cart', { headers: { cookie: request.getHeader('cookie') ?? [] } });
  const { items } = (await cart.json()) as { items: string[] };
  const prices = await httpRequest('https://api.example.com/prices', { method: 'POST', body: JSON.stringify(items) });
  return createResponse(200, { 'content-type': ['application/json'] }, JSON.stringify({ items, prices: await prices.json() }));
}
