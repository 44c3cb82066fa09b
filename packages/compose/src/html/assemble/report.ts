/**
 * Every fallback is explained (docs/design.md principle 5): a slot, include or streamed content
 * that did not make it is logged through the platform's `log` module at warn level. At the edge
 * this is a no-op unless logging is enabled; locally the line lands in the request's trace.
 */
import { logger } from '../platform.ts';
import type { SlotOutcome } from './fragment.ts';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function logOutcome(outcome: SlotOutcome): void {
  if (outcome.outcome === 'fallback') logger.warn('weft html: %s replaced by its fallback: %s', outcome.name, reason(outcome.error));
  else if (outcome.outcome === 'cut') logger.warn('weft html: %s cut after %d bytes: %s', outcome.name, outcome.bytes, reason(outcome.error));
}
