/**
 * A table for ids that come and go by the thousand a second and outlive nothing: requests in
 * flight, handler calls waiting for their outcome, sub-request bodies. Use it instead of a Map or
 * a Set wherever a long-lived collection adds and deletes an entry per request.
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
 * A null-prototype object keeps its properties in a dictionary whose old storage points nowhere
 * once it is replaced. Number keys keep insertion order when they only grow (ids do).
 */
export class IdTable<V> {
  #slots: Record<number | string, V> = Object.create(null) as Record<number | string, V>;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(id: number | string): boolean {
    return id in this.#slots;
  }

  get(id: number | string): V | undefined {
    return this.#slots[id];
  }

  set(id: number | string, value: V): this {
    if (!(id in this.#slots)) this.#size += 1;
    this.#slots[id] = value;
    return this;
  }

  delete(id: number | string): boolean {
    if (!(id in this.#slots)) return false;
    delete this.#slots[id];
    this.#size -= 1;
    return true;
  }

  /** The values, in key order: ascending for number ids. */
  values(): V[] {
    return Object.values(this.#slots);
  }

  clear(): void {
    this.#slots = Object.create(null) as Record<number | string, V>;
    this.#size = 0;
  }
}
