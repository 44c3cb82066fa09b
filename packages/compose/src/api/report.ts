/// <reference types="akamai-edgeworkers" />
/**
 * Failures leave a line in the platform's log (spec §16), so the debug header and the local
 * trace say which source failed and what stood in for it. One short line per failed source: the
 * platform keeps only 1 KB of log per handler.
 */
import { logger } from 'log';
import type { SourceError } from '../core/errors.ts';
import type { SourceReport } from '../core/graph.ts';

export function reportFailures(sources: Readonly<Record<string, SourceReport>>): void {
  for (const [name, report] of Object.entries(sources)) {
    if (report.outcome.state !== 'failed') continue;
    const stand = report.state === 'fallback' ? 'fallback used' : 'absent';
    logger.warn(`compose: source "${name}" failed (${report.outcome.error.reason}), ${stand}: ${report.outcome.error.message}`);
  }
}

export function reportRequired(error: SourceError, status: number): void {
  logger.error(`compose: required source "${error.source}" failed (${error.reason}), answering ${status}: ${error.message}`);
}
