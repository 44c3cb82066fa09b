/** "Did you mean", for the errors of @weft/testing: the CLI's closest known name (one home for it). */
import { closest } from '@weft/cli';

/** `; did you mean "x"?` or the list of known names, to end an error message with. */
export function hint(word: string, known: readonly string[]): string {
  const guess = closest(word, known);
  return guess === undefined ? `; known: ${known.join(', ')}` : `; did you mean "${guess}"?`;
}
