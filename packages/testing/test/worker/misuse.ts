/// <reference types="akamai-edgeworkers" />
/**
 * Handlers that use what their handler does not have (spec §2.2) or assign a read-only property
 * (spec §3.1): what a JavaScript worker can write and the edge rejects with a TypeError.
 */
import { createResponse } from 'create-response';

export function onOriginResponse(request: EW.EgressOriginRequest): void {
  // @ts-expect-error onOriginResponse's request has no setHeader
  request.setHeader('x-late', 'too late');
}

export function onClientResponse(request: EW.EgressClientRequest): void {
  // @ts-expect-error only onClientRequest has a cacheKey
  request.cacheKey.excludeQueryString();
}

export function onClientRequest(request: EW.IngressClientRequest): void {
  // @ts-expect-error request.path is read-only
  request.path = '/elsewhere';
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  // @ts-expect-error responseProvider cannot respondWith
  request.respondWith(200, {}, 'hello');
  return createResponse(200, {}, 'unreachable');
}
