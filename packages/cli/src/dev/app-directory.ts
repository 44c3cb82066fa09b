/**
 * The apps a `weft dev` serves, as `app:<name>` hosts name them (config/app-hosts.ts): each one's
 * URL from the port planned for it, and whether its bundle accepts subWorker calls. Known before
 * any app starts, since apps start side by side.
 */
import type { AppDirectory, ServedApp } from '../config/app-hosts.ts';
import { loadAppConfig } from '../config/load.ts';
import type { AppRef } from '../workspace.ts';

async function servedApp(ref: AppRef, port: number | undefined): Promise<ServedApp> {
  let acceptsSubWorkers = false;
  try {
    acceptsSubWorkers = (await loadAppConfig(ref.dir)).config.bundle?.config?.subrequest?.['invoke-for-edgeworker-clients'] === true;
  } catch {
    // A config that does not load is reported when that app starts; it serves no subWorker meanwhile.
  }
  return { url: port === undefined || port === 0 ? undefined : `http://127.0.0.1:${port}`, acceptsSubWorkers };
}

export async function appDirectory(refs: readonly AppRef[], ports: ReadonlyArray<number | undefined>): Promise<AppDirectory> {
  const entries = await Promise.all(refs.map(async (ref, index) => [ref.name, await servedApp(ref, ports[index])] as const));
  return new Map(entries);
}
