/**
 * Static validation's last step (spec §23.1): load main.js and its imports in the runtime's sandbox
 * (the very loader `weft serve` uses) and run the module's top-level code. A load error, an uncaught
 * exception at top level, or an init time limit is reported with its call sites encoded as the
 * platform does, `file:function:line:col`, comma-separated.
 */
import { createSandbox, loadBundle, type InvocationError } from '@weft/runtime';
import type { LoadCheck } from './validate.ts';

function callSites(error: InvocationError): string {
  return error.frames.map((frame) => `${frame.file}:${frame.function}:${frame.line}:${frame.column}`).join(',');
}

export const staticLoadCheck: LoadCheck = async (target) => {
  const bundle = await loadBundle(target);
  const sandbox = createSandbox(bundle);
  const failure = sandbox.failure;
  if (failure === undefined) return undefined;
  const sites = callSites(failure.error);
  return `${failure.status}: ${failure.error.name}: ${failure.error.message}${sites === '' ? '' : ` (at ${sites})`}`;
};
