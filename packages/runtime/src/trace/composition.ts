/**
 * A composition's plan as `@weft/compose` sends it through the log module's report hook (kind
 * 'plan', packages/compose/src/core/plan.ts), turned into the trace's `compositions[]` entry. The
 * text comes from worker code, so it is bounded and checked against a schema. Compose cannot see
 * the ids the host numbers its sub-requests with, nor time anything (`Date` stands still in a
 * handler, decision 17): each source names the request it sent and how many times, and the ids and
 * times come from the handler's own sub-request records, matched by method and URL in call order.
 */
import { z } from '../zod.ts';
import type { CompositionTrace, SubrequestTrace, Trace } from './schema.ts';

/** A plan of 50 sources with long URLs fits easily; anything larger is not a plan compose wrote. */
export const MAX_PLAN_CHARS = 64 * 1024;

const planWireSchema = z.object({
  kind: z.enum(['api', 'page']),
  name: z.string().max(200).optional(),
  partial: z.boolean(),
  sources: z.array(z.object({
    name: z.string().max(200),
    dependsOn: z.array(z.string().max(200)).max(50),
    outcome: z.enum(['ran', 'skipped', 'timed-out', 'fell-back', 'failed']),
    reason: z.string().max(1000).optional(),
    request: z.object({ method: z.string().max(16), url: z.string().max(8192), attempts: z.number().int().min(0).max(10) }).optional(),
  })).max(100),
});

/** The trace entry for `json`, or a sentence saying why it cannot be one. */
export function compositionOf(handler: CompositionTrace['handler'], json: string, trace: Trace): CompositionTrace | string {
  if (json.length > MAX_PLAN_CHARS) return `a composition plan of ${json.length} characters is over the ${MAX_PLAN_CHARS}-character bound`;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'a composition plan is not JSON';
  }
  const parsed = planWireSchema.safeParse(value);
  if (!parsed.success) return `a composition plan does not match its schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  const plan = parsed.data;
  const base = `${trace.request.scheme}://${trace.request.host}`;
  const claimed = new Set(trace.compositions.filter((c) => c.handler === handler).flatMap((c) => c.sources.flatMap((s) => s.subrequestIds)));
  const mine = trace.subrequests.filter((s) => s.handler === handler).sort((a, b) => a.id - b.id);
  const sources = plan.sources.map((source) => {
    const entry: CompositionTrace['sources'][number] = { name: source.name, dependsOn: source.dependsOn, outcome: source.outcome, subrequestIds: [] };
    if (source.reason !== undefined) entry.reason = source.reason;
    const request = source.request;
    if (request === undefined || request.attempts === 0) return entry;
    const url = normalize(request.url, base);
    const matched: SubrequestTrace[] = [];
    for (const sub of mine) {
      if (matched.length === request.attempts) break;
      if (claimed.has(sub.id) || sub.method !== request.method.toUpperCase() || normalize(sub.url, base) !== url) continue;
      claimed.add(sub.id);
      matched.push(sub);
    }
    if (matched.length === 0) return entry;
    entry.subrequestIds = matched.map((s) => s.id);
    const start = Math.min(...matched.map((s) => s.startMs));
    const end = Math.max(...matched.map((s) => s.startMs + (s.totalDurationMs ?? s.durationMs ?? 0)));
    entry.startMs = start;
    entry.durationMs = end - start;
    return entry;
  });
  const out: CompositionTrace = { handler, kind: plan.kind, sources, partial: plan.partial };
  if (plan.name !== undefined) out.name = plan.name;
  return out;
}

function normalize(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}
