/**
 * What debug output a request asks for (spec §22.1, §16): Pragma tokens, the Akamai-EW-Trace token
 * that switches standard output to enhanced, and the log-level header. Weft accepts any token value,
 * or exactly the configured `debugToken` when one is set.
 */
import { HANDLERS, type HandlerName, type LogLevel } from '@weft/platform';

export interface DebugRequest {
  /** Handlers whose info header is returned. */
  infoFor: ReadonlySet<HandlerName>;
  enhanced: boolean;
  /** `akamai-x-ew-debug-subs` (needs another debug pragma too). */
  subrequests: boolean;
  /** `akamai-x-ew-debug-rp`: multipart RP body, cache bypassed. */
  responseProvider: boolean;
  trueCacheKey: boolean;
  cacheOn: boolean;
  logging: { enabled: boolean; minLevel: LogLevel };
  /**
   * `akamai-x-ew-subworkers` (§22.1): the request's debug lines (Pragma, Akamai-EW-Trace, the log
   * level) that its subWorker calls carry on, whose debug headers come back to this response.
   */
  subWorkers?: ReadonlyArray<readonly [string, string]> | undefined;
}

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];
const STANDARD: readonly HandlerName[] = ['onClientRequest', 'onBotSegmentAvailable', 'onOriginRequest', 'onOriginResponse', 'onClientResponse'];

export const NO_DEBUG: DebugRequest = Object.freeze<DebugRequest>({
  infoFor: new Set<HandlerName>(),
  enhanced: false,
  subrequests: false,
  responseProvider: false,
  trueCacheKey: false,
  cacheOn: false,
  logging: { enabled: false, minLevel: 'trace' },
});

/** `header(name)` returns every line of a request header (case-insensitive name). */
export function readDebugRequest(header: (name: string) => string[] | undefined, debugToken: string | undefined): DebugRequest {
  const pragma = header('pragma');
  const trace = header('akamai-ew-trace');
  if (pragma === undefined && trace === undefined) return NO_DEBUG;
  const tokens = new Set<string>();
  for (const line of pragma ?? []) for (const token of line.split(',')) tokens.add(token.trim().toLowerCase());
  const infoFor = new Set<HandlerName>();
  if (tokens.has('akamai-x-ew-debug')) for (const name of STANDARD) infoFor.add(name);
  for (const name of STANDARD) {
    const single = HANDLERS[name].singlePragma;
    if (single !== undefined && tokens.has(single)) infoFor.add(name);
  }
  const rp = tokens.has('akamai-x-ew-debug-rp');
  if (rp) infoFor.add('responseProvider');
  const anyDebug = infoFor.size > 0;
  const tokenValid = trace !== undefined && trace.some((value) => value.trim() !== '' && (debugToken === undefined || value.trim() === debugToken));
  const enhanced = anyDebug && tokenValid;
  const levelHeader = header('akamai-x-ew-log-level')?.[0]?.trim().toLowerCase();
  const minLevel = LEVELS.find((level) => level === levelHeader) ?? 'trace';
  const subWorkers = tokens.has('akamai-x-ew-subworkers') ? debugLines(header) : undefined;
  return {
    ...(subWorkers === undefined ? {} : { subWorkers }),
    infoFor,
    enhanced,
    subrequests: anyDebug && tokens.has('akamai-x-ew-debug-subs'),
    responseProvider: rp,
    trueCacheKey: tokens.has('akamai-x-get-true-cache-key'),
    cacheOn: tokens.has('akamai-x-cache-on'),
    // §16: logging reaches the debug headers with enhanced debugging (a valid token plus a pragma).
    logging: { enabled: enhanced, minLevel },
  };
}

const FORWARDED = ['pragma', 'akamai-ew-trace', 'akamai-x-ew-log-level', 'akamai-x-ew-subworkers-log'] as const;

/** The debug lines a subWorker call carries on (§22.1: the debug pragmas and trace tokens). */
function debugLines(header: (name: string) => string[] | undefined): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  for (const name of FORWARDED) for (const value of header(name) ?? []) lines.push([name, value]);
  return lines;
}
