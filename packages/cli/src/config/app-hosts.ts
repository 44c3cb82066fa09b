/**
 * `hosts` values written `app:<name>` (platform §20, subWorkers): the host is served by another app
 * of the workspace, whose own pipeline answers the sub-request and runs its worker when its bundle
 * opts in. Only `weft dev` serves every app at once, so only it can resolve them; it hands the apps
 * it serves over as an AppDirectory. The checks happen at start, with errors that say what to do.
 */
import { ConfigError } from '../errors.ts';
import { APP_REF } from './runtime-options.ts';

export interface ServedApp {
  /** Where the app's dev server listens; undefined when its port is only known once bound (`--port 0`). */
  url: string | undefined;
  /** Its `bundle.config.subrequest["invoke-for-edgeworker-clients"]` (platform §20, §23.2). */
  acceptsSubWorkers: boolean;
}

/** The apps a `weft dev` serves, by name. */
export type AppDirectory = ReadonlyMap<string, ServedApp>;

const OPT_IN = "bundle: { config: { subrequest: { 'invoke-for-edgeworker-clients': true } } }";

/**
 * Resolves the `app:` hosts of `hosts`: each becomes the app's URL in `hosts`, and an entry of
 * `subWorkers`. Throws a ConfigError naming the host when there is no directory (one app served),
 * the app is not served, has no known port yet, or does not opt in.
 */
export function resolveAppHosts(hosts: Record<string, string>, apps: AppDirectory | undefined, file: string): { hosts: Record<string, string>; subWorkers: Record<string, string> } {
  const subWorkers: Record<string, string> = {};
  const resolved: Record<string, string> = {};
  for (const [host, value] of Object.entries(hosts)) {
    const match = APP_REF.exec(value);
    const name = match?.[1];
    if (name === undefined) {
      resolved[host] = value;
      continue;
    }
    const where = `hosts["${host}"]: "${value}"`;
    if (apps === undefined) {
      throw new ConfigError(file, `${where} runs the app "${name}" as a subWorker, which needs both apps served at once: run \`weft dev\` (it serves every app of the workspace). weft serve and @weft/testing serve one app: there, map the host to a URL instead (weft serve --host ${host}=URL, startWorker's options.hosts)`);
    }
    const app = apps.get(name);
    if (app === undefined) {
      const served = [...apps.keys()].join(', ') || 'none';
      throw new ConfigError(file, `${where} names an app weft dev is not serving (serving: ${served}); start it too, e.g. \`weft dev ${[...apps.keys(), name].join(' ')}\`, or fix the name`);
    }
    if (!app.acceptsSubWorkers) {
      throw new ConfigError(file, `${where}: the app "${name}" does not accept subWorker calls (platform §20); add ${OPT_IN} to its weft.config.ts, or map the host to its origin instead`);
    }
    if (app.url === undefined) {
      throw new ConfigError(file, `${where}: the app "${name}" gets its port only when it starts (--port 0); give it a fixed \`port\` in its weft.config.ts, or start weft dev without --port 0`);
    }
    resolved[host] = app.url;
    subWorkers[host] = name;
  }
  return { hosts: resolved, subWorkers };
}
