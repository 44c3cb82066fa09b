/**
 * Decision 29: one sandbox instance serves every request (module state persists within it), or,
 * with `instancePerRequest`, each request gets a fresh instance to flush out state bugs.
 */
import type { LoadedBundle } from '../loader/load.ts';
import { SandboxInstance, type SandboxOptions } from './instance.ts';
import type { Sandbox, SandboxProvider } from './types.ts';

export interface SandboxProviderOptions extends SandboxOptions {
  instancePerRequest?: boolean;
}

export function createSandboxProvider(bundle: LoadedBundle, options: SandboxProviderOptions = {}): SandboxProvider & { readonly shared: Sandbox } {
  const shared = new SandboxInstance(bundle, options);
  return {
    shared,
    forRequest: () => (options.instancePerRequest === true ? new SandboxInstance(bundle, options) : shared),
  };
}
