/** A small seeded PRNG (mulberry32) so every generated case can be reproduced from its seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Splits `bytes` into 1..maxParts chunks at random points. */
export function randomChunks(rnd: Random, bytes: Uint8Array, maxParts = 6): Uint8Array[] {
  const cuts = new Set<number>();
  const parts = 1 + rnd.int(maxParts);
  for (let i = 1; i < parts; i++) cuts.add(rnd.int(bytes.length + 1));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const out: Uint8Array[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(bytes.subarray(sorted[i - 1], sorted[i]));
  return out;
}
