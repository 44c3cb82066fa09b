/**
 * Answers the main thread builds when an edge thread is recycled: the culprit request gets the
 * platform's failure page (spec §2.6: 500, text/html, Server: AkamaiGHost) with the handler's
 * debug info header when the request asked for one (§22); requests that merely shared the
 * instance get a 503 that says what happened and that a retry will work.
 */
import { HANDLERS, resolveLimits, type HandlerName, type Tier } from '@weft/platform';
import { formatInfoHeader } from '../debug/info-header.ts';
import { readDebugRequest } from '../debug/pragma.ts';
import { WEFT_FAILURE_HEADER } from '../pipeline/reserved.ts';
import type { BundleInfo, InvocationStatus } from '../sandbox/types.ts';
import type { EdgeRequest, EdgeResponse, HeaderPairs } from './types.ts';

export interface FatalFault {
  status: Extract<InvocationStatus, 'CpuTimeoutError' | 'ResourceLimit'>;
  handler: HandlerName | undefined;
  message: string;
  /** How long the code ran (CPU guard) before the instance was recycled, ms. */
  runningMs: number;
}

function headerLookup(headers: HeaderPairs): (name: string) => string[] | undefined {
  return (name) => {
    const values = headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
    return values.length === 0 ? undefined : values;
  };
}

export function culpritResponse(request: EdgeRequest, fault: FatalFault, info: BundleInfo, options: { tier: Tier; debugToken: string | undefined }): EdgeResponse {
  const reference = `weft.${request.id}.${fault.status}`;
  const body = `<HTML><HEAD><TITLE>Error</TITLE></HEAD><BODY>\nAn error occurred while processing your request.<p>\nReference&#32;&#35;${reference}\n</BODY></HTML>\n`;
  const headers: HeaderPairs = [['Server', 'AkamaiGHost'], ['Content-Type', 'text/html'], ['Connection', 'close']];
  const debug = readDebugRequest(headerLookup(request.headers), options.debugToken);
  if (fault.handler !== undefined && debug.infoFor.has(fault.handler)) {
    const report = {
      status: fault.status,
      error: { name: fault.status, message: fault.message, frames: [] },
      wallMs: fault.runningMs,
      cpuMs: fault.runningMs,
      initWallMs: 0,
      initCpuMs: 0,
      memoryBytes: 0,
    };
    headers.push([HANDLERS[fault.handler].infoHeader, formatInfoHeader(info, report, debug.enhanced, { tier: resolveLimits(options.tier).tier })]);
  }
  headers.push([WEFT_FAILURE_HEADER, fault.status]);
  headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return { status: 500, headers, body };
}

export function recycledResponse(reason: string): EdgeResponse {
  const body = `weft: ${reason} This request was in flight on the same instance and was not completed; retrying it will work.\n`;
  return {
    status: 503,
    headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Server', 'weft'], ['Retry-After', '0'], ['Content-Length', String(Buffer.byteLength(body))]],
    body,
  };
}
