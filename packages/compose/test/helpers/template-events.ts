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

/** Writes `text` to `sink` cut at `cuts` (taken modulo its length + 1, deduplicated, in order), then the rest. */
export function writeInPieces(sink: { write(text: string): void }, text: string, cuts: readonly number[]): void {
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
    sink.write(text.slice(from, cut));
    from = cut;
  }
  sink.write(text.slice(from));
}
