/**
 * Built-in module `url-search-params` (spec §15): the WHATWG URLSearchParams class (URL §6.2) as the
 * module's default export, in plain ECMAScript so that its arrays, iterators and errors are the
 * worker realm's. Parsing and serialising follow application/x-www-form-urlencoded (URL §5).
 */
import { describeValue } from '../errors.ts';
import { parseFormUrlencoded, serializeFormUrlencoded, toUSVString } from './shared/form-urlencoded.ts';

type Pair = [string, string];
type Init = string | URLSearchParams | Record<string, string> | Iterable<Iterable<string>>;
type IterationKind = 'key' | 'value' | 'key+value';

function requireArguments(count: number, needed: number, signature: string): void {
  if (count < needed) throw new TypeError(`URLSearchParams.${signature}: ${needed} argument${needed === 1 ? '' : 's'} required, but only ${count} present`);
}

function pairsFromSequence(init: Iterable<unknown>): Pair[] {
  const pairs: Pair[] = [];
  for (const item of init) {
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null || typeof (item as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`new URLSearchParams(init): each item of a sequence must be a [name, value] pair; got ${describeValue(item)}`);
    }
    const pair = [...(item as Iterable<unknown>)];
    if (pair.length !== 2) throw new TypeError(`new URLSearchParams(init): each pair must have exactly two items (name, value); got ${pair.length}`);
    pairs.push([toUSVString(pair[0], 'URLSearchParams name'), toUSVString(pair[1], 'URLSearchParams value')]);
  }
  return pairs;
}

function pairsFromRecord(init: object): Pair[] {
  const pairs: Pair[] = [];
  for (const key of Reflect.ownKeys(init)) {
    if (typeof key === 'symbol') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
    if (descriptor === undefined || descriptor.enumerable !== true) continue;
    pairs.push([toUSVString(key, 'URLSearchParams name'), toUSVString((init as Record<string, unknown>)[key], 'URLSearchParams value')]);
  }
  return pairs;
}

function readInit(init: unknown): Pair[] {
  if ((typeof init === 'object' || typeof init === 'function') && init !== null) {
    const iterator: unknown = (init as Partial<Iterable<unknown>>)[Symbol.iterator];
    if (iterator !== undefined && iterator !== null) {
      if (typeof iterator !== 'function') throw new TypeError('new URLSearchParams(init): init[Symbol.iterator] is not a function');
      return pairsFromSequence(init as Iterable<unknown>);
    }
    return pairsFromRecord(init);
  }
  const text = toUSVString(init, 'new URLSearchParams(init): init');
  return parseFormUrlencoded(text.charCodeAt(0) === 0x3f ? text.slice(1) : text);
}

/** Pair `index` of a URLSearchParams, for its iterators; the list itself stays private. */
let readPair: (params: URLSearchParams, index: number) => Pair | undefined;

class URLSearchParams {
  #list: Pair[];

  constructor(init: Init = '') {
    this.#list = readInit(init);
  }

  get size(): number {
    return this.#list.length;
  }

  append(name: string, value: string): void {
    requireArguments(arguments.length, 2, 'append(name, value)');
    this.#list.push([toUSVString(name, 'URLSearchParams.append(): name'), toUSVString(value, 'URLSearchParams.append(): value')]);
  }

  /** Removes every pair named `name`, or only those whose value is `value` when it is given. */
  delete(name: string, value?: string): void {
    requireArguments(arguments.length, 1, 'delete(name)');
    const key = toUSVString(name, 'URLSearchParams.delete(): name');
    const only = value === undefined ? undefined : toUSVString(value, 'URLSearchParams.delete(): value');
    this.#list = this.#list.filter(([n, v]) => n !== key || (only !== undefined && v !== only));
  }

  get(name: string): string | null {
    requireArguments(arguments.length, 1, 'get(name)');
    const key = toUSVString(name, 'URLSearchParams.get(): name');
    for (const [n, v] of this.#list) if (n === key) return v;
    return null;
  }

  getAll(name: string): string[] {
    requireArguments(arguments.length, 1, 'getAll(name)');
    const key = toUSVString(name, 'URLSearchParams.getAll(): name');
    const values: string[] = [];
    for (const [n, v] of this.#list) if (n === key) values.push(v);
    return values;
  }

  has(name: string, value?: string): boolean {
    requireArguments(arguments.length, 1, 'has(name)');
    const key = toUSVString(name, 'URLSearchParams.has(): name');
    const only = value === undefined ? undefined : toUSVString(value, 'URLSearchParams.has(): value');
    return this.#list.some(([n, v]) => n === key && (only === undefined || v === only));
  }

  /** Sets the first pair named `name` to `value` and removes the others (or appends one). */
  set(name: string, value: string): void {
    requireArguments(arguments.length, 2, 'set(name, value)');
    const key = toUSVString(name, 'URLSearchParams.set(): name');
    const text = toUSVString(value, 'URLSearchParams.set(): value');
    const index = this.#list.findIndex(([n]) => n === key);
    if (index === -1) {
      this.#list.push([key, text]);
      return;
    }
    this.#list[index] = [key, text];
    this.#list = this.#list.filter(([n], i) => n !== key || i === index);
  }

  /** A stable sort by name in UTF-16 code unit order. */
  sort(): void {
    this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  forEach(callback: (value: string, name: string, params: URLSearchParams) => void, thisArg?: unknown): void {
    requireArguments(arguments.length, 1, 'forEach(callback)');
    if (typeof callback !== 'function') throw new TypeError(`URLSearchParams.forEach(callback): callback must be a function; got ${describeValue(callback)}`);
    // Live, as WebIDL iterables are: pairs added or removed during the walk are seen.
    for (let i = 0; i < this.#list.length; i++) {
      const [name, value] = this.#list[i];
      Reflect.apply(callback, thisArg, [value, name, this]);
    }
  }

  keys(): IterableIterator<string> {
    return new ParamsIterator(this, 'key') as unknown as IterableIterator<string>;
  }

  values(): IterableIterator<string> {
    return new ParamsIterator(this, 'value') as unknown as IterableIterator<string>;
  }

  entries(): IterableIterator<[string, string]> {
    return new ParamsIterator(this, 'key+value') as unknown as IterableIterator<[string, string]>;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  toString(): string {
    return serializeFormUrlencoded(this.#list);
  }

  static {
    readPair = (params, index) => params.#list[index];
  }
}

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;

/** WebIDL's "URLSearchParams Iterator": an index into the live list. */
class ParamsIterator {
  readonly #params: URLSearchParams;
  readonly #kind: IterationKind;
  #index = 0;

  constructor(params: URLSearchParams, kind: IterationKind) {
    this.#params = params;
    this.#kind = kind;
  }

  next(): IteratorResult<string | Pair> {
    const pair = readPair(this.#params, this.#index);
    if (pair === undefined) return { value: undefined, done: true };
    this.#index++;
    const value = this.#kind === 'key' ? pair[0] : this.#kind === 'value' ? pair[1] : ([pair[0], pair[1]] as Pair);
    return { value, done: false };
  }
}

Object.setPrototypeOf(ParamsIterator.prototype, IteratorPrototype);
Object.defineProperty(ParamsIterator.prototype, Symbol.toStringTag, { value: 'URLSearchParams Iterator', configurable: true });
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });
export { URLSearchParams };
export default URLSearchParams;
