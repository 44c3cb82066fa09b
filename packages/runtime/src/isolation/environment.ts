/**
 * Starts what one Edge environment needs (in-process, or inside an edge thread): the sandbox
 * provider for the loaded bundle and the pipeline's handler from its factory module.
 */
import type { LoadedBundle } from '../loader/load.ts';
import type { InvocationMonitor } from '../sandbox/monitor.ts';
import { createSandboxProvider, type SandboxProviderOptions } from '../sandbox/provider.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import type { EdgeHandler, EdgeHandlerFactory, PipelineModule } from './types.ts';
import { sandboxOptionsFrom } from './sandbox-options.ts';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { runtimeFile } from '../runtime-files.ts';

export const DEFAULT_PIPELINE: PipelineModule = { module: runtimeFile('edge-handler.js').href, export: 'createEdgeHandler' };

export interface EnvironmentSettings {
  pipeline?: PipelineModule;
  /** Runtime options for the pipeline (and the source of sandbox settings). */
  options?: unknown;
  sandbox?: SandboxProviderOptions;
  /** Set `identity` to override name/version printed in debug headers. */
  identity?: { name?: string; version?: string };
}

export interface Environment {
  handler: EdgeHandler;
  info: BundleInfo;
}

async function importFactory(pipeline: PipelineModule): Promise<EdgeHandlerFactory> {
  const specifier = isAbsolute(pipeline.module) ? pathToFileURL(pipeline.module).href : pipeline.module;
  const module = (await import(specifier)) as Record<string, unknown>;
  const name = pipeline.export ?? 'createEdgeHandler';
  const factory = module[name];
  if (typeof factory !== 'function') throw new TypeError(`The pipeline module ${pipeline.module} has no function export named "${name}".`);
  return factory as EdgeHandlerFactory;
}

/** Name and version for debug headers: explicit identity, else the runtime options' `name`/`version`. */
export function identityOf(settings: EnvironmentSettings): { name?: string; version?: string } {
  const options = (typeof settings.options === 'object' && settings.options !== null ? settings.options : {}) as { name?: unknown; version?: unknown };
  const name = settings.identity?.name ?? (typeof options.name === 'string' ? options.name : undefined);
  const version = settings.identity?.version ?? (typeof options.version === 'string' ? options.version : undefined);
  return { ...(name === undefined ? {} : { name }), ...(version === undefined ? {} : { version }) };
}

export async function startEnvironment(bundle: LoadedBundle, settings: EnvironmentSettings, monitor?: InvocationMonitor): Promise<Environment> {
  const sandboxOptions = sandboxOptionsFrom(settings.options, { ...settings.sandbox, ...(monitor === undefined ? {} : { monitor }) });
  const identity = identityOf(settings);
  const named = { ...bundle, name: identity.name ?? bundle.name, version: identity.version ?? bundle.version };
  const sandboxes = createSandboxProvider(named, sandboxOptions);
  const info = sandboxes.shared.info;
  const factory = await importFactory(settings.pipeline ?? DEFAULT_PIPELINE);
  const handler = await factory({ sandboxes, info, options: settings.options ?? {}, warnings: bundle.warnings });
  return { handler, info };
}
