// Edge threads run TypeScript source: register tsx inside the thread (hooks do not cross threads),
// then load the thread's real entry. Plain JS because nothing can load .ts before this runs.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
