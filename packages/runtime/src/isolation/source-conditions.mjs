// A module-resolution hook for the repository only: every import resolves with the "weft-source"
// condition too, so `@weft/*` packages load from their TypeScript sources (their package.json
// `exports` name src/ under that condition, and the built dist/ otherwise, which is what an
// installed package has). The CLI's bin and an edge thread's first module register it when they
// run from sources; tools outside Node's loader get the same condition from their own settings
// (tsconfig.json customConditions, vitest.config.ts, esbuild's conditions in bundle-worker.ts).
// Plain JS because nothing can load .ts before this runs.
export const SOURCE_CONDITION = 'weft-source';

export async function resolve(specifier, context, nextResolve) {
  if (context.conditions.includes(SOURCE_CONDITION)) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, SOURCE_CONDITION] });
}
