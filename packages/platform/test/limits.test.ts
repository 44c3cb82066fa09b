import { describe, expect, it } from 'vitest';
import { HANDLERS, resolveLimits } from '../src/index.ts';

describe('limits as data', () => {
  // docs/platform.md §21.1: the Dynamic tier (200) is the default.
  it('defaults to the Dynamic tier and the current profile', () => {
    const limits = resolveLimits();
    expect(limits.tier).toBe(200);
    expect(limits.tierLimits.responseProvider.cpuMs).toBe(200);
    expect(limits.tierLimits.handler.parallelSubrequests).toBe(4);
    expect(limits.product.respondWithBodyChars).toBe(16_384);
  });

  // decisions 4: the 2025-03 profile keeps the older, smaller limits.
  it('keeps the 2025-03 limits in their own profile', () => {
    expect(resolveLimits(100, '2025-03').product.respondWithBodyChars).toBe(2048);
  });

  // spec §2.2: only responseProvider reads the body and cannot respondWith.
  it('describes what each handler may do', () => {
    expect(HANDLERS.responseProvider.canReadBody).toBe(true);
    expect(HANDLERS.responseProvider.canRespondWith).toBe(false);
    expect(HANDLERS.onBotSegmentAvailable.canMutateHeaders).toBe(false);
  });
});
