/**
 * The bytes a page may hold for fragments waiting for their turn, shared by all of its parts. Each
 * part may always hold its read-ahead; past that it keeps reading only while the page's total is
 * under the limit. A fragment that answered early then finishes its body instead of idling behind
 * a slow one (the platform's sub-request timeout covers the whole body, spec §10), and memory
 * stays bounded by the limit plus one read-ahead per part.
 */
export class BufferBudget {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.used >= this.limit;
  }

  hold(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
    if (this.used < this.limit && this.waiting.size > 0) {
      const wake = [...this.waiting];
      this.waiting.clear();
      for (const resume of wake) resume();
    }
  }

  /** Resolves when some room was released (the caller checks again). */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.add(resolve));
  }
}
