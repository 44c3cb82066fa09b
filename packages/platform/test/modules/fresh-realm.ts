/**
 * Test helper for module tests that run inside a worker realm (issue 11, "one realm"): bundles some
 * platform sources with esbuild as the runtime bundles the platform (platform 'neutral'), evaluates
 * the bundle in a fresh vm context, and links it to a real host (createHostServices).
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { createHostServices } from '../../src/host/services.ts';
import type { RawHost, RealmHooks } from '../../src/realm/raw-host.ts';

/** The quoted path of a platform source file, for an `export ... from` line. */
export function sourceOf(path: string): string {
  return JSON.stringify(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)));
}

interface RealmGlue {
  linkHost(raw: RawHost): void;
  hooks: RealmHooks;
  pull(id: number): void;
  cancel(id: number, reason: string): void;
}

/** A fresh realm whose global `platform` holds what `exportLines` export, linked to its own host. */
export function freshRealm(exportLines: string[]): vm.Context {
  const entry = [
    ...exportLines,
    `export { linkHost, hooks } from ${sourceOf('realm/host-link.ts')};`,
    `export { pull, cancel } from ${sourceOf('realm/outgoing.ts')};`,
  ].join('\n');
  const output = buildSync({
    stdin: { contents: entry, loader: 'ts', resolveDir: fileURLToPath(new URL('../../src/', import.meta.url)) },
    bundle: true, write: false, format: 'iife', globalName: 'platform', platform: 'neutral', target: 'es2022', logLevel: 'silent',
  }).outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  const context = vm.createContext({});
  vm.runInContext(output.text, context);
  const glue = context.platform as RealmGlue;
  const services = createHostServices();
  glue.linkHost(services.raw);
  services.ctx.attach(glue.hooks, { pull: glue.pull, cancel: glue.cancel });
  return context;
}
