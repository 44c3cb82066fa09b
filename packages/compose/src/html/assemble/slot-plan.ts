/**
 * What became of each slot, for the page's plan (core/plan.ts, issue 17). Each slot is a source
 * named after it: it ran, was skipped (no candidate's `when` held, or it was never written), timed
 * out, fell back (to its `fallbackUrl` or to its fallback content) or failed (cut mid-body). Its
 * `request` is the fragment URL it fetched last and how many times that URL was sent, which is what
 * the runtime matches to its own sub-request records.
 */
import { clipReason, type PlanSource } from '../../core/plan.ts';
import { errorText } from '../../core/report.ts';
import type { SlotOutcome } from './fragment.ts';

interface SlotRecord {
  dependsOn: readonly string[];
  started: boolean;
  sent: { url: string; attempts: number } | undefined;
  /** Why the fallbackUrl was fetched, once it was. */
  switched: string | undefined;
  outcome: SlotOutcome | undefined;
}

// As the core reads a source's timeout (core/fetch.ts), plus the page's deadline.
const TIMED_OUT = /timed? ?out|deadline/i;

export class SlotLedger {
  private readonly slots = new Map<string, SlotRecord>();

  constructor(slots: readonly { name: string; dependsOn: readonly string[] }[]) {
    for (const { name, dependsOn } of slots) this.slots.set(name, { dependsOn, started: false, sent: undefined, switched: undefined, outcome: undefined });
  }

  started(name: string): void {
    const slot = this.slots.get(name);
    if (slot !== undefined) slot.started = true;
  }

  sent(name: string, url: string): void {
    const slot = this.slots.get(name);
    if (slot === undefined) return;
    slot.sent = slot.sent?.url === url ? { url, attempts: slot.sent.attempts + 1 } : { url, attempts: 1 };
  }

  switched(name: string, why: string): void {
    const slot = this.slots.get(name);
    if (slot !== undefined) slot.switched = withoutName(why, name);
  }

  /** A part's outcome; an include's (not a slot) is not part of the plan. */
  settled(outcome: SlotOutcome): void {
    const slot = this.slots.get(outcome.name);
    if (slot !== undefined && slot.outcome === undefined) slot.outcome = outcome;
  }

  sources(): PlanSource[] {
    return [...this.slots].map(([name, slot]) => {
      const request = slot.sent === undefined ? {} : { request: { method: 'GET', ...slot.sent } };
      const { outcome, reason } = judge(name, slot);
      return { name, dependsOn: [...slot.dependsOn], outcome, ...(reason === undefined ? {} : { reason: clipReason(reason) }), ...request };
    });
  }
}

/** A fragment error's own words: the plan shows the slot's name already. */
function withoutName(text: string, name: string): string {
  const prefix = `FragmentError: fragment "${name}": `;
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function judge(name: string, slot: SlotRecord): { outcome: PlanSource['outcome']; reason?: string } {
  const viaUrl = slot.switched === undefined ? '' : ` (its fallbackUrl was fetched after: ${slot.switched})`;
  const { outcome } = slot;
  if (!slot.started) return { outcome: 'skipped', reason: 'not in the template as assembled (an <esi:choose> branch that was not chosen)' };
  if (outcome === undefined) {
    return { outcome: slot.sent === undefined ? 'skipped' : 'failed', reason: 'unfinished: the page was dropped before the slot was written' };
  }
  switch (outcome.outcome) {
    case 'filled':
      return slot.switched === undefined ? { outcome: 'ran' } : { outcome: 'fell-back', reason: `fallbackUrl used: ${slot.switched}` };
    case 'default':
      return { outcome: 'skipped', reason: 'no candidate\'s when condition held: its default content was written' };
    case 'cancelled':
      return { outcome: 'skipped', reason: 'not written: the page was dropped or redirected, or its template has no such slot' };
    case 'cut':
      return { outcome: 'failed', reason: `cut after ${outcome.bytes} bytes: ${withoutName(errorText(outcome.error), name)}` };
    case 'fallback': {
      const error = withoutName(errorText(outcome.error), name);
      if (TIMED_OUT.test(error)) return { outcome: 'timed-out', reason: `${error}; fallback content written${viaUrl}` };
      return { outcome: 'fell-back', reason: `fallback content written: ${error}${viaUrl}` };
    }
  }
}
