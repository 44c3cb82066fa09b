/**
 * Node's async context stack, put right after the watchdog stops worker code inside a promise job.
 *
 * A worker realm runs its own microtask queue (globals.ts), drained inside the guarded run that
 * entered the realm (entry.ts), so a loop of promise jobs can be interrupted like a synchronous
 * one. Node's promise hooks (which AsyncLocalStorage needs on Node 20) push an async context
 * before each job and pop it after; a job cut short by V8's termination never pops, and the next
 * callback Node runs would abort the process ("Assertion failed: (env_->execution_async_id()) ==
 * (0)"). So the depth is read before a guarded run and restored after an interrupted one.
 *
 * Node exposes the stack only through its internal `async_wrap` binding (`process.binding`, whose
 * deprecation warning is silenced for the one read). Where it is missing, `restore` does nothing.
 */

interface AsyncWrapBinding {
  async_hook_fields: Uint32Array;
  async_id_fields: Float64Array;
  constants: { kStackLength: number; kExecutionAsyncId: number };
  popAsyncContext(asyncId: number): boolean;
}

function loadBinding(): AsyncWrapBinding | undefined {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = (process as unknown as { binding(name: string): unknown }).binding('async_wrap') as Partial<AsyncWrapBinding>;
    const usable = binding.async_hook_fields instanceof Uint32Array && binding.async_id_fields instanceof Float64Array
      && typeof binding.popAsyncContext === 'function' && typeof binding.constants?.kStackLength === 'number';
    return usable ? (binding as AsyncWrapBinding) : undefined;
  } catch (error) {
    // A Node without the binding (or with process.binding removed): nothing to restore with.
    if (error instanceof Error) return undefined;
    throw error;
  } finally {
    process.noDeprecation = quiet;
  }
}

const binding = loadBinding();
const stackLength = binding?.constants.kStackLength ?? 0;
const executionId = binding?.constants.kExecutionAsyncId ?? 0;

/** How many async contexts are entered now. */
export function asyncStackDepth(): number {
  return binding === undefined ? 0 : (binding.async_hook_fields[stackLength] ?? 0);
}

/** Leaves the contexts entered above `depth` (by jobs an interruption cut short). */
export function restoreAsyncStack(depth: number): void {
  if (binding === undefined) return;
  const fields = binding.async_hook_fields;
  while ((fields[stackLength] ?? 0) > depth) binding.popAsyncContext(binding.async_id_fields[executionId] ?? 0);
}
