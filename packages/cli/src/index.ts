export { defineConfig, weftConfig, bundleManifest, mockOrigin } from './config/schema.ts';
export type { WeftConfig, WeftConfigInput, MockOriginConfig, MockResponseConfig, BundleManifestConfig } from './config/schema.ts';
export { runtimeOptionsWithMocks, scenarioSchema } from './config/runtime-options.ts';
export type { Scenario } from './config/runtime-options.ts';
export { loadConfigFile, loadAppConfig, parseConfig, findConfigFile } from './config/load.ts';
export type { LoadedConfig } from './config/load.ts';
export { ConfigError, UnknownAppError, BuildError, MockOriginError, InitConflictError } from './errors.ts';
export { toRuntimeOptions } from './config/resolve.ts';
export type { MockUrls } from './config/resolve.ts';
