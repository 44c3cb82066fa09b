/**
 * Bundles a TypeScript/JavaScript worker into the platform's module format with esbuild: one ESM
 * `main.js`, built-in modules left as bare imports (spec §1.2), everything else inlined. The source
 * map is returned beside the code for local use (dev server, trace stacks); it never ships.
 */
import path from 'node:path';
import type * as esbuild from 'esbuild';
import { loadEsbuild, SOURCE_CONDITIONS } from '@weft/runtime';
import { BUILTIN_MODULE_NAMES } from '@weft/platform';
import { BuildError } from '../errors.ts';

export interface BuiltWorker {
  code: string;
  /** Source map JSON whose `sourceRoot` is the app folder, so it is valid wherever it is written. */
  map: string;
  /** Absolute paths of every source file that went into the bundle (what to watch). */
  inputs: string[];
  warnings: string[];
}

export interface BundleOptions {
  /** The folder the entry's relative paths and the source map are anchored to. */
  appDir: string;
  minify?: boolean;
}

function buildOptions(entry: string, options: BundleOptions): esbuild.BuildOptions & { write: false; metafile: true } {
  return {
    absWorkingDir: options.appDir,
    entryPoints: [entry],
    // The outfile is never written (write: false); placing it in the app folder makes source
    // paths in the map relative to the app folder.
    outfile: path.join(options.appDir, 'main.js'),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    // esbuild's own default, plus the sources' condition when Weft runs from its sources.
    conditions: ['module', ...SOURCE_CONDITIONS],
    external: [...BUILTIN_MODULE_NAMES],
    sourcemap: 'external',
    sourcesContent: true,
    sourceRoot: `${options.appDir}${path.sep}`,
    minify: options.minify ?? false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

async function describeFailure(error: unknown): Promise<BuildError> {
  if (error !== null && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors)) {
    const lines = await loadEsbuild().formatMessages(error.errors as esbuild.Message[], { kind: 'error', color: false });
    return new BuildError(lines.join('\n').trimEnd(), { cause: error });
  }
  return new BuildError(error instanceof Error ? error.message : String(error), { cause: error });
}

async function collect(result: esbuild.BuildResult<{ write: false; metafile: true }>, appDir: string): Promise<BuiltWorker> {
  let code = '';
  let map = '';
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.map')) map = file.text;
    else code = file.text;
  }
  const warnings = await loadEsbuild().formatMessages(result.warnings, { kind: 'warning', color: false });
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(appDir, input));
  return { code, map, inputs, warnings };
}

/** One-shot bundle (`weft build`, the testing helpers). Throws a BuildError with esbuild's diagnostics. */
export async function bundleWorker(entry: string, options: BundleOptions): Promise<BuiltWorker> {
  try {
    return await collect(await loadEsbuild().build(buildOptions(entry, options)), options.appDir);
  } catch (error) {
    throw await describeFailure(error);
  }
}

/** An incremental builder for the dev server: `rebuild()` reuses esbuild's parsed state. */
export interface WorkerBuilder {
  rebuild(): Promise<BuiltWorker>;
  dispose(): Promise<void>;
}

export async function createWorkerBuilder(entry: string, options: BundleOptions): Promise<WorkerBuilder> {
  const context = await loadEsbuild().context(buildOptions(entry, options));
  return {
    async rebuild() {
      try {
        return await collect(await context.rebuild(), options.appDir);
      } catch (error) {
        throw await describeFailure(error);
      }
    },
    dispose: () => context.dispose(),
  };
}
