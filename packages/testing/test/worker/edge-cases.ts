/// <reference types="akamai-edgeworkers" />
/** Handlers for the finer points of requestFor, callHandler and mockSubrequests (../*.test.ts). */
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';

/** Sends one sub-request as the request's headers describe it, and answers with what came back. */
export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const url = request.getHeader('x-target')?.[0] ?? '/';
  const timeout = Number(request.getHeader('x-timeout')?.[0] ?? 0);
  try {
    const answer = await httpRequest(url, timeout > 0 ? { timeout } : {});
    return createResponse(answer.status, {}, await answer.text());
  } catch (error) {
    return createResponse(504, {}, String(error));
  }
}

/** Sets what the request asks for: variables up to the budget, and several respondWith calls. */
export function onClientRequest(request: EW.IngressClientRequest): void {
  for (const pair of request.query.split('&')) {
    const [name = '', value = ''] = pair.split('=');
    if (name.startsWith('PMUSER_')) request.setVariable(name, value);
  }
  if (request.getHeader('x-answer') !== undefined) {
    request.respondWith(200, {}, 'first');
    request.respondWith(201, { 'set-cookie': ['a=1'] }, 'second');
  }
}
