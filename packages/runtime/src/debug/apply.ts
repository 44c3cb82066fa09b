/**
 * Adds the §22 debug headers a request asked for to its response: info headers per handler, log
 * headers, the sub-request header, and the responseProvider multipart body with its trailer.
 * Weft's own headers (cache state, trace id) are added here too; none of them is ever cached.
 */
import { HANDLERS, HANDLER_NAMES, buildCacheKey, type HeaderList } from '@weft/platform';
import type { Exchange } from '../pipeline/exchange.ts';
import { formatInfoHeader } from './info-header.ts';
import { formatLogHeader } from './log-header.ts';
import { wrapMultipart } from './multipart.ts';
import { SUBREQUESTS_HEADER, formatSubrequestsHeader } from './subrequests-header.ts';

import { WEFT_CACHE_HEADER, WEFT_SUBREQUEST_CACHE_HEADER, WEFT_SUBWORKER_STATUS_HEADER, WEFT_TRACE_HEADER } from '../pipeline/reserved.ts';
import { formatSubrequestCacheHeader } from './subrequest-cache-header.ts';
import { gatherSubWorkerHeaders } from './subworker-headers.ts';

function rpInfo(ex: Exchange): string | undefined {
  const report = ex.reports.get('responseProvider');
  if (report === undefined) return undefined;
  // §22.6 shows `resource_tier=` in this trailer where the headers use `res_tier=`.
  return formatInfoHeader(ex.services.identity, { ...report, requestBody: report.requestBody ?? ex.request.bodyUse ?? 'none' }, ex.debug.enhanced, { tier: ex.services.limits.tier, tierField: 'resource_tier' });
}

function rpTrailer(ex: Exchange): string {
  const lines: string[] = [];
  const { limits } = ex.services;
  const info = rpInfo(ex);
  if (info !== undefined) lines.push(`${HANDLERS.responseProvider.infoHeader}: ${info}`);
  const logs = ex.debug.logging.enabled ? formatLogHeader(ex.logs.get('responseProvider') ?? [], limits.product.logBytesPerHandler, ex.debug.logging.minLevel) : undefined;
  if (logs !== undefined) lines.push(`${HANDLERS.responseProvider.logHeader}: ${logs}`);
  return lines.join('\r\n');
}

function addHandlerHeaders(ex: Exchange, headers: HeaderList): void {
  const { identity, limits } = ex.services;
  for (const name of HANDLER_NAMES) {
    const report = ex.reports.get(name);
    if (report === undefined || name === 'responseProvider' || !ex.debug.infoFor.has(name)) continue;
    headers.set(HANDLERS[name].infoHeader, formatInfoHeader(identity, report, ex.debug.enhanced, { tier: limits.tier }));
    if (!ex.debug.logging.enabled) continue;
    const logs = formatLogHeader(ex.logs.get(name) ?? [], limits.product.logBytesPerHandler, ex.debug.logging.minLevel);
    if (logs !== undefined) headers.set(HANDLERS[name].logHeader, logs);
  }
}

export function applyDebugOutput(ex: Exchange): void {
  const response = ex.response;
  if (response === undefined) return;
  const { headers } = response;
  if (ex.debug.infoFor.size > 0) addHandlerHeaders(ex, headers);
  if (ex.debug.subrequests) {
    const value = formatSubrequestsHeader(ex.services.identity.ewId, ex.subrequests, ex.debug.subWorkers !== undefined);
    if (value !== undefined) headers.set(SUBREQUESTS_HEADER, value);
  }
  if (ex.debug.responseProvider && ex.reports.has('responseProvider')) {
    if (response.source === 'responseProvider') {
      const wrapped = wrapMultipart(response.body, headers.first('content-type'), () => rpTrailer(ex));
      headers.remove('content-length');
      headers.set('Content-Type', wrapped.contentType);
      headers.set('content-disposition', 'attachment');
      response.body = wrapped.body;
    } else {
      // responseProvider failed and the origin answered: its status still has to be visible.
      const info = rpInfo(ex);
      if (info !== undefined) headers.set(HANDLERS.responseProvider.infoHeader, info);
    }
  }
  if (ex.debug.subWorkers !== undefined) gatherSubWorkerHeaders(ex, headers);
  if (ex.debug.trueCacheKey) headers.set('X-True-Cache-Key', ex.cacheKey ?? buildCacheKey(ex.request));
  if (ex.debug.cacheOn) {
    const state = response.source === 'cache' ? 'TCP_HIT' : ex.cacheLookup === 'stale' ? 'TCP_REFRESH_MISS' : 'TCP_MISS';
    headers.set('X-Cache', `${state} from weft (AkamaiGHost/weft) (-)`);
  }
}

export function applyWeftHeaders(ex: Exchange): void {
  const response = ex.response;
  if (response === undefined) return;
  if (ex.cacheLookup !== undefined && ex.trace.trace.cache !== undefined) {
    const value = response.source === 'cache' ? 'HIT' : ex.cacheLookup.toUpperCase();
    response.headers.set(WEFT_CACHE_HEADER, value);
  }
  response.headers.set(WEFT_TRACE_HEADER, ex.trace.trace.id);
  if (ex.subrequests.length > 0) {
    const value = formatSubrequestCacheHeader(ex.subrequests);
    if (value !== undefined) response.headers.set(WEFT_SUBREQUEST_CACHE_HEADER, value);
  }
  const refused = ex.subWorker?.refused;
  if (refused !== undefined) response.headers.set(WEFT_SUBWORKER_STATUS_HEADER, refused);
}
