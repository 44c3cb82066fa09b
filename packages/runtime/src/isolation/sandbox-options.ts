/**
 * Sandbox settings read from the pipeline's runtime options (tier, limits profile, clock, seed,
 * identity), so an Edge is configured by one options object; explicit `sandbox` settings win.
 */
import type { SandboxProviderOptions } from '../sandbox/provider.ts';
import type { Tier, LimitsProfileName } from '@weft/platform';

function field(options: unknown, key: string): unknown {
  return typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined;
}

export function sandboxOptionsFrom(options: unknown, explicit: SandboxProviderOptions = {}): SandboxProviderOptions {
  const tier = field(options, 'tier');
  const profile = field(options, 'limitsProfile');
  const clock = field(options, 'clock');
  const seed = field(options, 'seed');
  const ewId = field(options, 'ewId');
  const derived: SandboxProviderOptions = {};
  if (tier === 100 || tier === 200 || tier === 280) derived.tier = tier as Tier;
  if (profile === 'current' || profile === '2025-03') derived.limitsProfile = profile as LimitsProfileName;
  if (typeof clock === 'string' && !Number.isNaN(Date.parse(clock))) derived.clock = Date.parse(clock);
  if (typeof clock === 'number') derived.clock = clock;
  if (typeof seed === 'number') derived.seed = seed;
  if (typeof ewId === 'number') derived.ewId = ewId;
  return { ...derived, ...explicit };
}
