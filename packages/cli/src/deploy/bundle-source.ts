/**
 * What `weft deploy <app>` ships: a `.tgz` named on the command line as it is, or the app's bundle
 * freshly built by `weft build` into ./dist. Either way it is validated locally before anything is
 * sent, and its `edgeworker-version` is read from its own bundle.json, the number the platform
 * will file it under.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ArgsError } from '../args.ts';
import { buildApp } from '../bundle/pack.ts';
import { readTgz } from '../bundle/read-bundle.ts';
import { staticLoadCheck } from '../bundle/load-check.ts';
import { validateBundle, type ValidationReport } from '../bundle/validate.ts';
import { loadAppConfig } from '../config/load.ts';
import { appsHere, findWorkspaceRoot, resolveApp } from '../workspace.ts';
import { InvalidBundleError } from '../errors.ts';

export interface DeployableBundle {
  /** The .tgz file, as given or as built. */
  file: string;
  tgz: Uint8Array;
  version: string;
  /** Set when this run built it. */
  builtFrom?: string;
  report: ValidationReport;
}

async function locate(target: string | undefined): Promise<{ file: string; builtFrom?: string }> {
  if (target !== undefined && /\.(tgz|tar\.gz)$/.test(target)) {
    const file = path.resolve(target);
    if (!existsSync(file) || !statSync(file).isFile()) throw new ArgsError(`${target} does not exist; run \`weft build\` first, or name an app to build and deploy`);
    return { file };
  }
  let app;
  if (target !== undefined) {
    app = resolveApp(findWorkspaceRoot(), target);
  } else {
    const here = appsHere();
    if (here.length !== 1) throw new ArgsError(here.length === 0 ? 'name the app to deploy (a name under apps/ or a folder with a weft.config.ts), or a .tgz built by `weft build`' : `name the app to deploy; this workspace has ${here.length}: ${here.map((entry) => entry.name).join(', ')}`);
    app = here[0] as (typeof here)[number];
  }
  const loaded = await loadAppConfig(app.dir);
  const written = await buildApp(loaded, path.resolve('dist'));
  return { file: written.file, builtFrom: loaded.name };
}

/** The bundle's edgeworker-version, from the bundle.json inside the archive. */
export function versionOf(tgz: Uint8Array): string | undefined {
  const manifest = readTgz(tgz).files?.get('bundle.json');
  if (manifest === undefined) return undefined;
  try {
    const version = (JSON.parse(new TextDecoder().decode(manifest.data)) as { 'edgeworker-version'?: unknown })['edgeworker-version'];
    return typeof version === 'string' ? version : undefined;
  } catch {
    // An unreadable bundle.json is reported by validation (INVALID_MANIFEST).
    return undefined;
  }
}

export async function deployableBundle(target: string | undefined): Promise<DeployableBundle> {
  const { file, builtFrom } = await locate(target);
  const report = await validateBundle(file, { loadCheck: staticLoadCheck });
  const shown = path.relative(process.cwd(), file) || file;
  if (!report.ok) {
    throw new InvalidBundleError(`${shown} is not a valid code bundle, so nothing was uploaded:\n${report.errors.map((issue) => `  ${issue.type}: ${issue.message}`).join('\n')}\nfix these (\`weft validate ${shown}\` checks again) and deploy again`);
  }
  const tgz = new Uint8Array(readFileSync(file));
  const version = versionOf(tgz);
  if (version === undefined) throw new InvalidBundleError(`${shown} has no "edgeworker-version" in its bundle.json; set bundle["edgeworker-version"] in weft.config.ts (or "version" in package.json) and build again`);
  return { file, tgz, version, report, ...(builtFrom === undefined ? {} : { builtFrom }) };
}
