/// <reference types="akamai-edgeworkers" />
/**
 * A worker written only against @types/akamai-edgeworkers, as a user would write it. The type test
 * compiles it and runs it on Weft's request and response objects.
 */

export function onClientRequest(request: EW.IngressClientRequest): void {
  // spec §25.2: test a header with a falsy check; the platform returns undefined when missing.
  const language = request.getHeader('Accept-Language');
  request.setHeader('X-Language', language ? language[0] ?? 'en' : 'en');
  request.addHeader('X-Trace', ['a', 'b']);
  request.removeHeader('X-Debug');
  request.setVariable('PMUSER_COUNTRY', request.userLocation?.country ?? 'unknown');
  request.cacheKey.includeQueryArgument('q');
  request.cacheKey.includeHeader('X-Language');
  if (request.path.startsWith('/api/')) request.route({ origin: 'api', path: request.path.slice(4) });
  if (request.query.includes('block=1')) request.respondWith(403, { 'Content-Type': 'text/plain' }, 'blocked', 'query-block');
}

export function onBotSegmentAvailable(request: EW.BotSegmentAvailableRequest): void {
  if (request.botScore.responseSegment.isAggressiveResponse()) request.respondWith(403, {}, 'bot');
}

export function onOriginRequest(request: EW.IngressOriginRequest): void {
  request.setHeader('X-Origin-Hint', request.getVariable('PMUSER_COUNTRY') ?? 'none');
}

export function onOriginResponse(request: EW.EgressOriginRequest, response: EW.EgressOriginResponse): void {
  response.setHeader('X-Cached-For', request.host);
  if (response.status >= 500) response.status = 503;
}

export function onClientResponse(request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  const headers: EW.Headers = response.getHeaders();
  response.addHeader('X-Header-Count', String(Object.keys(headers).length));
  response.addHeader('X-Was-Terminated', String(request.wasTerminated()));
  const device = request.device;
  if (device && device.isMobile === true) response.setHeader('X-Mobile', '1');
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<{ status: number; body: string }> {
  const payload: unknown = await request.json();
  const name = typeof payload === 'object' && payload !== null && 'name' in payload ? String(payload.name) : 'anonymous';
  return { status: 200, body: `hello ${name} from ${request.url}` };
}
