/// <reference types="akamai-edgeworkers" />
/**
 * hello-world: answers `/hello` at the edge with a greeting in the visitor's language (by country),
 * lets every other path go to the origin, and stamps responses with the worker's name.
 */
import { logger } from 'log';
import { greetingFor } from './greeting.ts';

export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.path !== '/hello') return;
  const country = request.userLocation?.country ?? 'US';
  logger.log('greeting a visitor from %s', country);
  request.respondWith(200, { 'content-type': ['text/plain; charset=utf-8'] }, `${greetingFor(country)}\n`);
}

export function onClientResponse(_request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  response.setHeader('x-powered-by', 'weft hello-world');
}
