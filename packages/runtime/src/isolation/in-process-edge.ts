/**
 * The Edge without a thread: the same pipeline and sandbox in the caller's thread. There is no CPU
 * watchdog: a synchronous infinite loop hangs the caller, unless `sandbox.stopWithTimer` has vm's
 * timer stop it (weft dev's in-process start). Wall-time, memory-growth and init limits apply.
 * Used by unit tests, the testing package and weft dev.
 */
import { promised } from '../pipeline/eventually.ts';
import { loadBundle, type LoadedBundle } from '../loader/load.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import { identityOf, startEnvironment, type EnvironmentSettings } from './environment.ts';
import type { Edge, EdgeHandler, EdgeRequest, EdgeResponse } from './types.ts';

export interface EdgeOptions extends EnvironmentSettings {
  /** A main.js, bundle folder or .tgz path, or a bundle already loaded with `loadBundle`. */
  bundle: string | LoadedBundle;
}

export async function resolveBundle(options: EdgeOptions): Promise<LoadedBundle> {
  return typeof options.bundle === 'string' ? loadBundle(options.bundle, identityOf(options)) : options.bundle;
}

export class InProcessEdge implements Edge {
  readonly info: BundleInfo;
  readonly warnings: readonly string[];
  readonly bundle: LoadedBundle;
  readonly #handler: EdgeHandler;

  private constructor(bundle: LoadedBundle, info: BundleInfo, handler: EdgeHandler) {
    this.bundle = bundle;
    this.info = info;
    this.warnings = bundle.warnings;
    this.#handler = handler;
  }

  static async create(options: EdgeOptions): Promise<InProcessEdge> {
    const bundle = await resolveBundle(options);
    const { handler, info } = await startEnvironment(bundle, options);
    return new InProcessEdge(bundle, info, handler);
  }

  handle(request: EdgeRequest): Promise<EdgeResponse> {
    return promised(() => this.#handler(request));
  }

  async close(): Promise<void> {}
}
