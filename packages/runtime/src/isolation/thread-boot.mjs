// An edge thread's first module. Under the TypeScript sources (the repository) it registers tsx and
// the "weft-source" resolution condition (source-conditions.mjs) in the thread (loader hooks do not
// cross threads) before loading the thread's real entry; a built package's entry is JavaScript and
// loads as it is. Plain JS because nothing can load .ts before this runs.
import { register as registerHooks } from 'node:module';
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
  registerHooks(new URL('./source-conditions.mjs', import.meta.url));
}
await import(workerData.entry);
