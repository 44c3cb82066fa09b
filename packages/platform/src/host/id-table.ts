/**
 * A table for ids that come and go by the thousand a second and outlive nothing: requests in
 * flight, handler calls waiting for their outcome, sub-request bodies, parked chunks. Use it
 * instead of a Map or a Set wherever a long-lived collection adds and deletes an entry per request
 * or per chunk. Ids are integers from 0 up, handed out in increasing order.
 *
 * Why not a Map: when a Map's (or a Set's) hash table fills with deleted slots, V8 builds a new
 * table and leaves the old one linked to it, still holding the entries it had (iterators started
 * on the old table follow that link). The old tables are garbage, but once one of them has been
 * promoted to the old generation, a scavenge treats what it points at as live: the next table,
 * the entries of every table after it, and all the values those entries hold. Each scavenge then
 * promotes everything stored since the previous one, until a full collection breaks the chain.
 * On the main thread of `weft serve` under wrk, the table of requests in flight did exactly that:
 * 1.5–2 MB promoted per scavenge and 3.7 ms pauses; as an IdTable, 0.7 ms and nothing promoted.
 *
 * Why not a null-prototype object: it does not chain, but each delete leaves V8's fast paths
 * (about 4× a Map's cost per add, two reads and a delete), which streamed bodies felt.
 *
 * So: an id's slot is `id % capacity` in two arrays, and a slot is emptied on delete. A slot
 * still held by an older live id (one that stayed while `capacity` later ids came and went) sends
 * the newer one to a small Map beside the arrays, which only such rare pairs churn. The arrays
 * grow (doubled, entries placed again) once half full; an outgrown array links to nothing.
 */
const EMPTY = -1;
const INITIAL_CAPACITY = 64;

export class IdTable<V> {
  #ids: number[] = new Array<number>(INITIAL_CAPACITY).fill(EMPTY);
  #values: Array<V | undefined> = new Array<V | undefined>(INITIAL_CAPACITY).fill(undefined);
  #inSlots = 0;
  /** Entries whose slot an older live id holds. */
  #displaced: Map<number, V> | undefined;

  get size(): number {
    return this.#inSlots + (this.#displaced?.size ?? 0);
  }

  has(id: number): boolean {
    return this.#ids[id % this.#ids.length] === id || (this.#displaced?.has(id) ?? false);
  }

  get(id: number): V | undefined {
    const slot = id % this.#ids.length;
    if (this.#ids[slot] === id) return this.#values[slot];
    return this.#displaced?.get(id);
  }

  set(id: number, value: V): this {
    if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`IdTable: ids are integers from 0 up; got ${String(id)}`);
    const slot = id % this.#ids.length;
    const held = this.#ids[slot];
    if (held === id) {
      this.#values[slot] = value;
    } else if (held === EMPTY && this.#displaced?.has(id) !== true) {
      this.#ids[slot] = id;
      this.#values[slot] = value;
      this.#inSlots += 1;
      if (this.#inSlots * 2 > this.#ids.length) this.#grow();
    } else {
      (this.#displaced ??= new Map()).set(id, value);
    }
    return this;
  }

  delete(id: number): boolean {
    const slot = id % this.#ids.length;
    if (this.#ids[slot] === id) {
      this.#ids[slot] = EMPTY;
      this.#values[slot] = undefined;
      this.#inSlots -= 1;
      return true;
    }
    return this.#displaced?.delete(id) ?? false;
  }

  /** The values, in ascending id order. */
  values(): V[] {
    return this.#entries().map(([, value]) => value);
  }

  clear(): void {
    this.#ids = new Array<number>(INITIAL_CAPACITY).fill(EMPTY);
    this.#values = new Array<V | undefined>(INITIAL_CAPACITY).fill(undefined);
    this.#inSlots = 0;
    this.#displaced = undefined;
  }

  #entries(): Array<[number, V]> {
    const entries: Array<[number, V]> = [];
    for (let slot = 0; slot < this.#ids.length; slot++) {
      const id = this.#ids[slot] as number;
      if (id !== EMPTY) entries.push([id, this.#values[slot] as V]);
    }
    if (this.#displaced !== undefined) entries.push(...this.#displaced);
    return entries.sort((a, b) => a[0] - b[0]);
  }

  #grow(): void {
    const entries = this.#entries();
    const capacity = this.#ids.length * 2;
    this.#ids = new Array<number>(capacity).fill(EMPTY);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#inSlots = 0;
    this.#displaced = undefined;
    for (const [id, value] of entries) this.set(id, value);
  }
}
