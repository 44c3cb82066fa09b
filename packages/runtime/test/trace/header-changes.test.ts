import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHeaderText } from '@weft/platform';
import { deferHeaderChanges, diffHeaders, headerTextChanges } from '../../src/trace/header-changes.ts';
import { TraceStore } from '../../src/trace/store.ts';
import type { StageRecord, Trace } from '../../src/trace/schema.ts';

/** The obvious definition, by maps: the reference the scanning diff must agree with. */
function byMaps(before: string[], after: string[]): Array<{ name: string; before: string[]; after: string[] }> {
  const group = (flat: string[]): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (let i = 0; i < flat.length; i += 2) {
      const name = (flat[i] as string).toLowerCase();
      out.set(name, [...(out.get(name) ?? []), flat[i + 1] as string]);
    }
    return out;
  };
  const a = group(before);
  const b = group(after);
  const changes = [];
  for (const [name, values] of a) {
    const now = b.get(name) ?? [];
    if (values.join('\n') !== now.join('\n') || values.length !== now.length) changes.push({ name, before: values, after: now });
  }
  for (const [name, values] of b) if (!a.has(name)) changes.push({ name, before: [], after: values });
  return changes;
}

const flatHeaders = fc.array(fc.tuple(fc.constantFrom('A', 'a', 'X-Id', 'x-id', 'Cookie', 'host'), fc.constantFrom('1', '2', '', 'v')), { maxLength: 8 }).map((pairs) => pairs.flat());

describe('header changes of a handler stage', () => {
  it('names each changed header once, lower-case, with every value before and after', () => {
    expect(diffHeaders(['Host', 'h', 'Accept', '*/*'], ['Host', 'h', 'Accept', '*/*', 'X-Bench', '1'])).toEqual([{ name: 'x-bench', before: [], after: ['1'] }]);
    expect(diffHeaders(['Set-Cookie', 'a', 'set-cookie', 'b'], ['Set-Cookie', 'a'])).toEqual([{ name: 'set-cookie', before: ['a', 'b'], after: ['a'] }]);
    expect(diffHeaders(['A', '1', 'B', '2'], ['B', '2'])).toEqual([{ name: 'a', before: ['1'], after: [] }]);
  });
  it('reports nothing for the same text, and diffs header texts as the door carries them', () => {
    const text = encodeHeaderText(['Host', 'h']);
    expect(headerTextChanges({ before: text, after: text })).toEqual([]);
    expect(headerTextChanges(undefined)).toEqual([]);
    expect(headerTextChanges({ before: text, after: encodeHeaderText(['Host', 'h', 'X', 'line\nfeed']) })).toEqual([{ name: 'x', before: [], after: ['line\nfeed'] }]);
  });
  it('diffs header texts as the diff of their lists, appended lines included', () => {
    fc.assert(fc.property(flatHeaders, flatHeaders, (before, extra) => {
      const after = [...before, ...extra];
      expect(headerTextChanges({ before: encodeHeaderText(before), after: encodeHeaderText(after) })).toEqual(byMaps(before, after));
      expect(headerTextChanges({ before: encodeHeaderText(before), after: encodeHeaderText(extra) })).toEqual(byMaps(before, extra));
    }));
  });
  it('agrees with the diff by maps on any two lists', () => {
    fc.assert(fc.property(flatHeaders, flatHeaders, (before, after) => {
      expect(diffHeaders(before, after)).toEqual(byMaps(before, after));
    }));
  });
  it('compares a stage\'s header texts only when the trace is read, in every way the store hands it out', () => {
    const record: StageRecord = { stage: 'onClientRequest', kind: 'handler', status: 'Success', startMs: 0, wallMs: 0, requestHeaderChanges: [], responseHeaderChanges: [], variableChanges: [] };
    deferHeaderChanges(record, { before: encodeHeaderText(['Host', 'h']), after: encodeHeaderText(['Host', 'h', 'X-Added', '1']) }, undefined);
    // Nothing compared yet: the record as the pipeline left it.
    expect(record.requestHeaderChanges).toEqual([]);
    const trace = (id: string): Trace => ({ id, startedAt: '', durationMs: 0, request: { method: 'GET', scheme: 'http', host: 'h', url: '/', clientIp: '1' }, simulation: { variables: {} }, stages: id === 'a' ? [record] : [], subrequests: [], logs: [], warnings: [], compositions: [], complete: true });
    const store = new TraceStore(100);
    store.put(trace('a'));
    const expected = [{ name: 'x-added', before: [], after: ['1'] }];
    // Read while among the newest objects...
    expect(store.get('a')?.stages[0]?.requestHeaderChanges).toEqual(expected);
    // ...and after it was written out as text (32 newer traces push it there).
    for (let i = 0; i < 40; i++) store.put(trace(`n${i}`));
    expect(store.get('a')?.stages[0]?.requestHeaderChanges).toEqual(expected);
    expect(store.get('a')?.stages[0]?.responseHeaderChanges).toEqual([]);
  });
});
