import type { TemplateEvent } from '../../src/html/template/scanner.ts';

/** Merges adjacent text events so results do not depend on chunking. */
export function normalise(events: TemplateEvent[]): TemplateEvent[] {
  const out: TemplateEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + e.text };
    else out.push(e);
  }
  return out;
}
