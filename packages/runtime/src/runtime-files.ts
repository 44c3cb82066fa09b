/**
 * Files of this package that Weft loads by URL rather than by import: an edge thread's first
 * module and entry, the interrupt holder, the default pipeline, the platform script a build made.
 * The TypeScript sources (the repository, run through tsx) keep them in their folders; the built
 * package (scripts/build.mjs) bundles its entry points into one flat dist/ folder, where they are
 * siblings of whatever chunk holds this code.
 */
const SOURCES = {
  'thread-boot.mjs': 'isolation/thread-boot.mjs',
  'edge-thread.js': 'isolation/edge-thread.ts',
  'interrupt-holder.mjs': 'isolation/interrupt-holder.mjs',
  'edge-handler.js': 'pipeline/edge-handler.ts',
  'platform-script.txt': undefined,
} as const;

export type RuntimeFile = keyof typeof SOURCES;

/** Whether this code runs from the TypeScript sources (not a built package). */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The resolution conditions a bundler adds so `@weft/*` imports reach the packages' sources, as
 * Node's do under isolation/source-conditions.mjs: "weft-source" when this code runs from its
 * sources (the repository), none for a built package (whose dependants have no sources).
 */
export const SOURCE_CONDITIONS: readonly string[] = FROM_SOURCES ? ['weft-source'] : [];

export function runtimeFile(name: RuntimeFile): URL {
  const source = SOURCES[name];
  if (FROM_SOURCES) {
    if (source === undefined) throw new Error(`${name} exists only in a built @weft/runtime (pnpm build)`);
    return new URL(`./${source}`, import.meta.url);
  }
  return new URL(`./${name}`, import.meta.url);
}
