// Pass-through: the origin's page streamed to the client untouched.
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { forwardableHeaders } from '@weft/compose';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const page = await httpRequest(request.url);
  return createResponse(page.status, forwardableHeaders(page), page.body);
}
