/**
 * The origin fetch: route() picks the origin (by id, spec §3.5), path and query; the request goes
 * out with the origin-side headers. A broken origin is a 502, a slow one a 504, each naming the
 * origin and the cause; a body that fails after the head went out is cut short, and the trace says why.
 */
import { encodeHeaderText, HeaderList } from '@weft/platform';
import { forwardToOrigin } from '../../origin/forward.ts';
import { OriginError } from '../../origin/origin-error.ts';
import type { Exchange } from '../exchange.ts';
import { weftErrorResponse } from '../failure.ts';
import type { Stage } from './stage.ts';

// Akamai-EW-Trace tokens are removed before anything goes to an origin (spec §10).
const NEVER_FORWARDED = new Set(['akamai-ew-trace']);

function target(ex: Exchange): { url: string } | { error: string } {
  const state = ex.originRequest ?? ex.request;
  const { options } = ex.services;
  const id = state.route.origin;
  if (id !== undefined) {
    const url = Object.hasOwn(options.originIds, id) ? options.originIds[id] : undefined;
    if (url === undefined) return { error: `route({ origin: ${JSON.stringify(id)} }) names an origin id that is not configured; pass --origin-id ${id}=URL or set originIds.${id} in the config` };
    return { url };
  }
  if (options.origin === undefined) return { error: 'no origin is configured; pass --origin URL or set "origin" in the config' };
  return { url: options.origin };
}

export const originFetch: Stage = {
  name: 'origin',
  when: (ex) => ex.response === undefined,
  run(ex) {
    const start = ex.trace.elapsed();
    const state = ex.originRequest ?? ex.request;
    const destination = target(ex);
    if ('error' in destination) {
      // decision 10: a method that runs no handler gets 405 where there is no origin.
      ex.response = weftErrorResponse(ex.handlersEnabled ? 502 : 405, destination.error);
      ex.final = true;
      ex.trace.system('origin', 'Failed', start, destination.error);
      return;
    }
    const path = state.route.path ?? state.path;
    const query = state.route.query ?? state.query;
    const pathAndQuery = query === '' ? path : `${path}?${query}`;
    const headers: Array<[string, string]> = [];
    for (const pair of state.headers.lines()) if (!NEVER_FORWARDED.has(pair[0].toLowerCase())) headers.push(pair);
    const url = withoutTrailingSlash(destination.url) + pathAndQuery;
    // One promise for the wait: its two outcomes, not an async function's await and catch.
    return forwardToOrigin(ex.services.dispatcher, {
      origin: destination.url,
      method: state.method,
      pathAndQuery,
      headers,
      body: ex.clientBody,
      clientIp: state.clientIp,
      onBodyFailure: (error) => {
        if (ex.trace.trace.origin !== undefined) ex.trace.trace.origin.error = error.reason;
        ex.trace.warn('origin-body', `${error.message}; the response to the client was cut short`, 'origin');
      },
    }).then((response) => {
      ex.trace.trace.origin = { url, status: response.status, durationMs: ex.trace.elapsed() - start };
      ex.trace.system('origin', 'Done', start, `${state.method} ${url} → ${response.status}`);
      // As header text, taken apart only when someone reads the lines: onOriginResponse's call sends
      // the same text, and the lines are read once, when the response goes out.
      ex.response = { status: response.status, headers: HeaderList.fromText(encodeHeaderText(response.headers.flat())), body: response.body, source: 'origin', storable: true };
    }, (error: unknown) => {
      if (!(error instanceof OriginError)) throw error;
      ex.trace.trace.origin = { url, error: error.reason, durationMs: ex.trace.elapsed() - start };
      ex.trace.system('origin', 'Failed', start, error.message);
      ex.response = weftErrorResponse(error.status, error.message);
      ex.final = true;
    });
  },
};

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
