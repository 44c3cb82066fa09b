/**
 * A handler stage's header changes, from the two header texts the door carried (the lines the
 * handler was given and those it handed back, platform realm/header-text.ts): the texts exist
 * anyway, and an unchanged list is one string comparison.
 *
 * The comparison waits until someone reads the trace: a stage record keeps the two texts (strings
 * the request made anyway, so keeping them costs nothing) and `settleHeaderChanges` compares them
 * when the trace is read or written out (trace/store.ts). Under load most traces are never read,
 * and comparing every handler's lists cost the edge thread about 2% of its time per request.
 */
import { decodeHeaderText } from '@weft/platform';
import type { HeaderChange, StageRecord, Trace } from './schema.ts';

/** The header texts a handler was given and handed back. */
export interface HeaderTexts {
  before: string;
  after: string;
}

/** The values of header `name` (lower-case) in a flat list, in order; [] when absent. */
function valuesOf(flat: readonly string[], lowerNames: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < lowerNames.length; i++) if (lowerNames[i] === name) values.push(flat[i * 2 + 1] as string);
  return values;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lowerNamesOf(flat: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < flat.length; i += 2) names.push((flat[i] as string).toLowerCase());
  return names;
}

/**
 * What changed between two flat header lists, by lower-case name: the names of the first list in
 * the order they first appear, then the names only the second has. Header lists are short, so
 * scanning them beats building maps of them.
 */
export function diffHeaders(beforeLines: readonly string[], afterLines: readonly string[]): HeaderChange[] {
  const beforeNames = lowerNamesOf(beforeLines);
  const afterNames = lowerNamesOf(afterLines);
  const changes: HeaderChange[] = [];
  for (let i = 0; i < beforeNames.length; i++) {
    const name = beforeNames[i] as string;
    if (beforeNames.indexOf(name) !== i) continue;
    const before = valuesOf(beforeLines, beforeNames, name);
    const after = valuesOf(afterLines, afterNames, name);
    if (!sameValues(before, after)) changes.push({ name, before, after });
  }
  for (let i = 0; i < afterNames.length; i++) {
    const name = afterNames[i] as string;
    if (afterNames.indexOf(name) !== i || beforeNames.includes(name)) continue;
    changes.push({ name, before: [], after: valuesOf(afterLines, afterNames, name) });
  }
  return changes;
}

/**
 * The changes when `after` is `before` with lines appended whose names `before` does not mention
 * at all (the usual setHeader of a new header): those lines, grouped by name. Undefined otherwise.
 */
function appendedOnly(before: string, after: string): HeaderChange[] | undefined {
  if (before === '' || before.charCodeAt(0) === OPEN_BRACKET || after.charCodeAt(0) === OPEN_BRACKET) return undefined;
  if (after.length <= before.length + 1 || after.charCodeAt(before.length) !== LINE_FEED || !after.startsWith(before)) return undefined;
  const tail = decodeHeaderText(after.slice(before.length + 1));
  const changes: HeaderChange[] = [];
  for (let i = 0; i + 1 < tail.length; i += 2) {
    const name = (tail[i] as string).toLowerCase();
    // A name that appears anywhere in the old text (as a name or inside a value) takes the full diff.
    if (mentions(before, name)) return undefined;
    const change = changes.find((c) => c.name === name);
    if (change === undefined) changes.push({ name, before: [], after: [tail[i + 1] as string] });
    else change.after.push(tail[i + 1] as string);
  }
  return changes;
}

/**
 * Whether `text` contains `lowerName` with ASCII letters in either case: a header name is a token
 * (ASCII), so that is every way the old text can name it, and no lower-cased copy of it is made.
 */
function mentions(text: string, lowerName: string): boolean {
  const length = lowerName.length;
  if (length === 0) return true;
  const first = lowerName.charCodeAt(0);
  const firstUpper = first >= LOWER_A && first <= LOWER_Z ? first - CASE_GAP : first;
  for (let at = 0; at + length <= text.length; at++) {
    const c = text.charCodeAt(at);
    if (c !== first && c !== firstUpper) continue;
    let j = 1;
    for (; j < length; j++) {
      const d = text.charCodeAt(at + j);
      if ((d >= UPPER_A && d <= UPPER_Z ? d + CASE_GAP : d) !== lowerName.charCodeAt(j)) break;
    }
    if (j === length) return true;
  }
  return false;
}

const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const CASE_GAP = 0x20;
const OPEN_BRACKET = 0x5b;
const LINE_FEED = 0x0a;

/** The changes from one header text to another (both as the door carries them). */
export function headerTextChanges(texts: HeaderTexts | undefined): HeaderChange[] {
  if (texts === undefined || texts.before === texts.after) return [];
  return appendedOnly(texts.before, texts.after) ?? diffHeaders(decodeHeaderText(texts.before), decodeHeaderText(texts.after));
}

/** Where a stage record keeps the header texts it has not compared yet (a symbol: JSON leaves it out). */
const UNCOMPARED = Symbol('weft: header texts not compared yet');

interface Uncompared {
  request: HeaderTexts | undefined;
  response: HeaderTexts | undefined;
}

type WithUncompared = StageRecord & { [UNCOMPARED]?: Uncompared };

/** Keeps a handler stage's header texts on its record, to be compared when the trace is read. */
export function deferHeaderChanges(record: StageRecord, request: HeaderTexts | undefined, response: HeaderTexts | undefined): void {
  if (request === undefined && response === undefined) return;
  (record as WithUncompared)[UNCOMPARED] = { request, response };
}

/**
 * Fills in the header changes of every stage of `trace` whose texts were kept uncompared; call it
 * before a trace is read or written out. Returns the trace.
 */
export function settleHeaderChanges(trace: Trace): Trace {
  for (const stage of trace.stages) {
    const texts = (stage as WithUncompared)[UNCOMPARED];
    if (texts === undefined) continue;
    (stage as WithUncompared)[UNCOMPARED] = undefined;
    stage.requestHeaderChanges = headerTextChanges(texts.request);
    stage.responseHeaderChanges = headerTextChanges(texts.response);
  }
  return trace;
}
