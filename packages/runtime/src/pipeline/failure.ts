/**
 * Responses the edge itself builds: the handler failure page (spec §2.6, §22.3: 500, text/html,
 * Server: AkamaiGHost), the Bot Manager deny (decision 19), and Weft's own 502/405 that name what
 * went wrong locally.
 */
import { HeaderList } from '@weft/platform';
import type { PipelineResponse } from './exchange.ts';

export function handlerFailureResponse(reference: string): PipelineResponse {
  const body = `<HTML><HEAD><TITLE>Error</TITLE></HEAD><BODY>\nAn error occurred while processing your request.<p>\nReference&#32;&#35;${reference}\n</BODY></HTML>\n`;
  return {
    status: 500,
    headers: new HeaderList([['Server', 'AkamaiGHost'], ['Content-Type', 'text/html'], ['Connection', 'close']]),
    body,
    source: 'failure',
    storable: false,
  };
}

export function botDenyResponse(reference: string): PipelineResponse {
  const body = `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>\n<H1>Access Denied</H1>\nYou don't have permission to access this resource.<P>\nReference&#32;&#35;${reference}\n</BODY></HTML>\n`;
  return { status: 403, headers: new HeaderList([['Server', 'AkamaiGHost'], ['Content-Type', 'text/html']]), body, source: 'failure', storable: false };
}

/** Weft's own explanation (origin unreachable, no origin configured): plain text naming the cause. */
export function weftErrorResponse(status: number, message: string): PipelineResponse {
  return {
    status,
    headers: new HeaderList([['Content-Type', 'text/plain; charset=utf-8'], ['Server', 'weft']]),
    body: `weft: ${message}\n`,
    source: 'weft',
    storable: false,
  };
}
