/**
 * A handler stage's header changes, kept as the two header texts the door carried (the lines the
 * handler was given and those it handed back, platform realm/header-text.ts) and turned into a
 * list of changes only when someone reads the trace. Most traces are never read; the texts exist
 * anyway, so keeping them costs a reference each.
 *
 * The stage record stays plain data to its readers: the change lists are enumerable own accessor
 * properties, which JSON.stringify and structured cloning read like any other property. The first
 * read replaces the accessor with the computed list.
 */
import { decodeHeaderText } from '@weft/platform';
import type { HeaderChange, StageRecord } from './schema.ts';

/** The header texts a handler was given and handed back. */
export interface HeaderTexts {
  before: string;
  after: string;
}

type ChangeKey = 'requestHeaderChanges' | 'responseHeaderChanges';

function grouped(flat: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < flat.length; i += 2) {
    const name = (flat[i] as string).toLowerCase();
    const values = out.get(name);
    if (values === undefined) out.set(name, [flat[i + 1] as string]);
    else values.push(flat[i + 1] as string);
  }
  return out;
}

/** What changed between two flat header lists, by lower-case name, in the order the names first appear. */
export function diffHeaders(beforeLines: string[], afterLines: string[]): HeaderChange[] {
  const before = grouped(beforeLines);
  const after = grouped(afterLines);
  const changes: HeaderChange[] = [];
  for (const [name, a] of before) {
    const b = after.get(name) ?? [];
    if (a.length !== b.length || a.some((value, i) => value !== b[i])) changes.push({ name, before: a, after: b });
  }
  for (const [name, b] of after) if (!before.has(name)) changes.push({ name, before: [], after: b });
  return changes;
}

// The texts sit under symbols (neither JSON nor structured cloning copies them), read by one shared
// accessor pair per key: attaching them allocates no function.
const TEXTS: Readonly<Record<ChangeKey, symbol>> = {
  requestHeaderChanges: Symbol('request header texts'),
  responseHeaderChanges: Symbol('response header texts'),
};

type Holder = StageRecord & { [key: symbol]: HeaderTexts | undefined };

function settle(record: Holder, key: ChangeKey, value: HeaderChange[]): HeaderChange[] {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  record[TEXTS[key]] = undefined;
  return value;
}

function accessor(key: ChangeKey): PropertyDescriptor {
  return {
    get(this: Holder): HeaderChange[] {
      const texts = this[TEXTS[key]];
      const changes = texts === undefined || texts.before === texts.after ? [] : diffHeaders(decodeHeaderText(texts.before), decodeHeaderText(texts.after));
      return settle(this, key, changes);
    },
    set(this: Holder, value: HeaderChange[]): void {
      settle(this, key, value);
    },
    enumerable: true,
    configurable: true,
  };
}

const ACCESSORS: Readonly<Record<ChangeKey, PropertyDescriptor>> = {
  requestHeaderChanges: accessor('requestHeaderChanges'),
  responseHeaderChanges: accessor('responseHeaderChanges'),
};

/** Makes `record[key]` the changes from `texts.before` to `texts.after`, computed when first read. */
export function deferHeaderChanges(record: StageRecord, key: ChangeKey, texts: HeaderTexts): void {
  (record as Holder)[TEXTS[key]] = texts;
  Object.defineProperty(record, key, ACCESSORS[key]);
}
