/** "Did you mean": the known name a mistyped one is closest to (by edit distance), if any is close. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function nearest(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.min(3, Math.floor(lower.length / 3)));
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(lower, name.toLowerCase());
    if (cost <= allowed && (best === undefined || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}

/** `; did you mean "x"?` or the list of known names, to end an error message with. */
export function hint(word: string, known: readonly string[]): string {
  const guess = nearest(word, known);
  return guess === undefined ? `; known: ${known.join(', ')}` : `; did you mean "${guess}"?`;
}
