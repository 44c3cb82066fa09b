/**
 * The URL of a module that Weft loads by URL rather than by import (an edge thread's entry, the
 * default pipeline), named by its source file. Under the TypeScript sources (the repository, run
 * through tsx) it is the `.ts` file; in a built package (`dist/`, plain JavaScript) the `.js` file
 * the build wrote beside the caller's own.
 */
export function moduleUrl(sourceName: string, base: string): string {
  const built = !base.endsWith('.ts');
  return new URL(built ? sourceName.replace(/\.ts$/, '.js') : sourceName, base).href;
}
