/**
 * An ordered, case-insensitive list of header lines: the storage behind every request and response
 * object (spec §3.2). It stores what it is given; argument checking happens at the worker-facing
 * boundary (headerRules.ts) so the runtime can load whatever the client or origin sent.
 */
import { decodeHeaderText } from '../realm/header-text.ts';

export type HeaderInit = Iterable<readonly [string, string]> | Readonly<Record<string, string | readonly string[]>>;

interface Entry {
  /** The spelling of the first line seen, kept for forwarding. */
  name: string;
  values: string[];
}

export class HeaderList {
  // Map keeps first-insertion order, which is the order getHeaders() must report (§3.2).
  readonly #entries = new Map<string, Entry>();
  /** Counts the calls that changed the list, so a reader can tell whether it changed since it last looked. */
  #changes = 0;
  /** The list's header text (realm/header-text.ts) as last written or read, and the change count it is true at. */
  #text = '';
  #textAt = -1;
  /**
   * Lines handed over as header text (fromText, replaceWithText) and not read yet; while set, the
   * entries are empty. A list that crosses the thread or realm boundary and back without being read
   * (a handler that only sets a response header never reads the request's) is never taken apart.
   */
  #undecoded: string | undefined;

  constructor(init?: HeaderInit) {
    if (init === undefined) return;
    if (isPairIterable(init)) {
      for (const [name, value] of init) this.add(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) this.add(name, value);
    }
  }

  /** Builds a list from Node's flat `rawHeaders` array ([name, value, name, value, ...]). */
  static fromRaw(raw: readonly string[]): HeaderList {
    const list = new HeaderList();
    for (let i = 0; i + 1 < raw.length; i += 2) list.#append(raw[i] as string, raw[i + 1] as string);
    return list;
  }

  /** A list of the lines of a header text (realm/header-text.ts), decoded when first used. */
  static fromText(text: string): HeaderList {
    const list = new HeaderList();
    if (text !== '') list.#undecoded = text;
    list.noteText(text);
    return list;
  }

  /** The entries, with the lines of a header text not read yet added first. */
  #lines(): Map<string, Entry> {
    const text = this.#undecoded;
    if (text !== undefined) {
      this.#undecoded = undefined;
      const raw = decodeHeaderText(text);
      for (let i = 0; i + 1 < raw.length; i += 2) this.#append(raw[i] as string, raw[i + 1] as string);
    }
    return this.#entries;
  }

  /** Adds a line without counting a change (building the list, or the lines of its text). */
  #append(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.#entries.get(key);
    if (existing === undefined) this.#entries.set(key, { name, values: [value] });
    else existing.values.push(value);
  }

  /** How many changes the list has had (set, add, a remove that removed, replaceWith). */
  get changes(): number {
    return this.#changes;
  }

  /**
   * The list's header text as last noted, while the list has not changed since: a list that
   * crossed the door as text crosses back without being written out again.
   */
  get knownText(): string | undefined {
    return this.#textAt === this.#changes ? this.#text : undefined;
  }

  /** Notes `text` as this list's header text as it is now. */
  noteText(text: string): void {
    this.#text = text;
    this.#textAt = this.#changes;
  }

  get size(): number {
    return this.#lines().size;
  }

  has(name: string): boolean {
    return this.#lines().has(name.toLowerCase());
  }

  /** One element per header line; a fresh array, or undefined when the header is absent. */
  get(name: string): string[] | undefined {
    const entry = this.#lines().get(name.toLowerCase());
    return entry === undefined ? undefined : [...entry.values];
  }

  /** The first value of a header, for host code that needs a single line. */
  first(name: string): string | undefined {
    return this.#lines().get(name.toLowerCase())?.values[0];
  }

  /** A fresh plain object keyed by lower-case name, in received order (§3.2 getHeaders). */
  getAll(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, entry] of this.#lines()) {
      // A header literally named "__proto__" must become an own key, not the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { __proto__: null, value: [...entry.values], enumerable: true, writable: true, configurable: true } as PropertyDescriptor);
      else out[key] = [...entry.values];
    }
    return out;
  }

  set(name: string, values: string | readonly string[]): void {
    const list = typeof values === 'string' ? [values] : [...values];
    const key = name.toLowerCase();
    const entries = this.#lines();
    this.#changes++;
    if (list.length === 0) {
      entries.delete(key);
      return;
    }
    const existing = entries.get(key);
    if (existing === undefined) entries.set(key, { name, values: list });
    else existing.values = list;
  }

  add(name: string, values: string | readonly string[]): void {
    const list = typeof values === 'string' ? [values] : values;
    if (list.length === 0) return;
    const key = name.toLowerCase();
    const entries = this.#lines();
    this.#changes++;
    const existing = entries.get(key);
    if (existing === undefined) entries.set(key, { name, values: [...list] });
    else existing.values.push(...list);
  }

  remove(name: string): boolean {
    const removed = this.#lines().delete(name.toLowerCase());
    if (removed) this.#changes++;
    return removed;
  }

  clone(): HeaderList {
    const copy = new HeaderList();
    // Lines not read yet stay unread in the copy too.
    copy.#undecoded = this.#undecoded;
    for (const [key, entry] of this.#entries) copy.#entries.set(key, { name: entry.name, values: [...entry.values] });
    return copy;
  }

  /** Every header line as [name, value], names in their first-seen spelling: a fresh array (host code only). */
  lines(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const entry of this.#lines().values()) for (const value of entry.values) out.push([entry.name, value]);
    return out;
  }

  /** Replaces every line with those of a flat [name, value, ...] list, keeping this object (others may hold it). */
  replaceWith(raw: readonly string[]): void {
    this.#entries.clear();
    this.#undecoded = undefined;
    this.#changes++;
    for (let i = 0; i + 1 < raw.length; i += 2) this.#append(raw[i] as string, raw[i + 1] as string);
  }

  /** Replaces every line with those of a header text, decoded when first used; notes the text. */
  replaceWithText(text: string): void {
    this.#entries.clear();
    this.#undecoded = text === '' ? undefined : text;
    this.#changes++;
    this.noteText(text);
  }

  /** Node's flat rawHeaders shape, for writing a response or forwarding a request. */
  toRaw(): string[] {
    const raw: string[] = [];
    for (const entry of this.#lines().values()) {
      for (let i = 0; i < entry.values.length; i++) raw.push(entry.name, entry.values[i] as string);
    }
    return raw;
  }
}

function isPairIterable(init: HeaderInit): init is Iterable<readonly [string, string]> {
  return typeof (init as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}
