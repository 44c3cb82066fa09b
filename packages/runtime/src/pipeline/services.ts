/** The long-lived parts the pipeline shares across requests, built once per edge environment. */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { resolveLimits } from '@weft/platform';
import type { RuntimeOptions } from '../config/schema.ts';
import { createOutboundAgent } from '../origin/outbound-agent.ts';
import { MemoryCacheStore } from '../cache/memory-store.ts';
import { createSubrequestCache } from '../cache/subrequest-cache.ts';
import type { CacheStore } from '../cache/store.ts';
import type { BundleInfo } from '../sandbox/types.ts';
import type { PipelineServices } from './exchange.ts';

export function createServices(options: RuntimeOptions, info: BundleInfo, overrides: { dispatcher?: Dispatcher; cache?: CacheStore } = {}): PipelineServices {
  const cache = overrides.cache ?? new MemoryCacheStore({ maxEntries: options.cache.maxEntries });
  return {
    options,
    limits: resolveLimits(options.tier, options.limitsProfile),
    identity: { ewId: options.ewId, name: options.name ?? info.name, version: options.version ?? info.version },
    dispatcher: overrides.dispatcher ?? createOutboundAgent(),
    cache,
    subrequestCache: createSubrequestCache(options, cache),
    now: () => performance.now(),
  };
}
