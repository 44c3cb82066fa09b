/// <reference types="akamai-edgeworkers" />
/**
 * A worker as a user writes it, for the handler unit tests (../handler.test.ts): every handler,
 * the built-in modules imported by their bare names, and sub-requests through http-request.
 */
import { Cookies } from 'cookies';
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { logger } from 'log';
import URLSearchParams from 'url-search-params';

export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.path === '/private') {
    request.respondWith(403, { 'content-type': ['text/plain'] }, 'members only', 'not-signed-in');
    return;
  }
  const country = request.userLocation?.country ?? 'US';
  logger.log('client request from %s', country);
  request.setHeader('x-country', country);
  request.removeHeader('x-debug');
  const session = new Cookies(request.getHeader('cookie') ?? undefined).get('session');
  if (session !== undefined) request.cacheKey.includeCookie('session');
  request.cacheKey.includeQueryArgument('q');
  if (request.device?.isMobile === true) request.route({ path: `/m${request.path}` });
  request.setVariable('PMUSER_COUNTRY', country);
}

export function onBotSegmentAvailable(request: EW.BotSegmentAvailableRequest): void {
  if (request.botScore.responseSegment.isAggressiveResponse()) request.respondWith(429, {}, 'slow down');
}

export function onOriginRequest(request: EW.IngressOriginRequest): void {
  request.setHeader('x-origin-auth', 'secret');
}

export function onOriginResponse(request: EW.EgressOriginRequest, response: EW.EgressOriginResponse): void {
  response.setHeader('x-served-for', request.getVariable('PMUSER_COUNTRY') ?? 'unknown');
  if (response.status === 404) response.status = 410;
}

export function onClientResponse(_request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  response.addHeader('x-powered-by', 'weft');
  response.removeHeader('server');
}

interface Product {
  name: string;
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const id = new URLSearchParams(request.query).get('id') ?? '1';
  if (request.method === 'POST') {
    const order = (await request.json()) as { quantity: number };
    const placed = await httpRequest('https://api.example.com/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, quantity: order.quantity }),
    });
    return createResponse(placed.status, { 'content-type': ['application/json'] }, await placed.text());
  }
  const [product, stock] = await Promise.all([
    httpRequest(`https://api.example.com/products/${id}`),
    httpRequest(`/stock/${id}`, { headers: { authorization: 'Bearer local' } }),
  ]);
  if (!product.ok) return createResponse(502, {}, `product API answered ${product.status}`);
  const { name } = (await product.json()) as Product;
  return createResponse(200, { 'content-type': ['application/json'] }, JSON.stringify({ name, inStock: (await stock.text()) === 'yes' }));
}
