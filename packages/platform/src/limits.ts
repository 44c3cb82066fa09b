/**
 * The platform's numeric limits as data (docs/platform.md §21, decisions 4).
 * A limits profile names the product limits that changed over time; the tier picks the
 * per-handler resource limits. Shared code reads these facts instead of hard-coding numbers.
 */
export type Tier = 100 | 200 | 280;
export type LimitsProfileName = 'current' | '2025-03';
export type HandlerGroup = 'handler' | 'responseProvider';

export interface HandlerLimits {
  /** JS heap in use, bytes. */
  memoryBytes: number;
  cpuMs: number;
  wallMs: number;
  subrequests: number;
  parallelSubrequests: number;
  subrequestWallMs: number;
  subrequestResponseBytes: number;
}

export interface TierLimits {
  initCpuMs: number;
  initWallMs: number;
  /** Cumulative name+value length of setVariable calls per handler execution. */
  variableBudget: number;
  handler: HandlerLimits;
  responseProvider: HandlerLimits;
}

const MB = 1024 * 1024;

export const TIERS: Readonly<Record<Tier, TierLimits>> = {
  100: {
    initCpuMs: 60, initWallMs: 200, variableBudget: 1024,
    handler: { memoryBytes: 1.5 * MB, cpuMs: 10, wallMs: 4000, subrequests: 2, parallelSubrequests: 2, subrequestWallMs: 4000, subrequestResponseBytes: 5 * MB },
    responseProvider: { memoryBytes: 2 * MB, cpuMs: 100, wallMs: 4000, subrequests: 50, parallelSubrequests: 5, subrequestWallMs: 4000, subrequestResponseBytes: 5 * MB },
  },
  200: {
    initCpuMs: 60, initWallMs: 500, variableBudget: 1024,
    handler: { memoryBytes: 2.5 * MB, cpuMs: 20, wallMs: 5500, subrequests: 4, parallelSubrequests: 4, subrequestWallMs: 5500, subrequestResponseBytes: 5 * MB },
    responseProvider: { memoryBytes: 4 * MB, cpuMs: 200, wallMs: 8000, subrequests: 50, parallelSubrequests: 5, subrequestWallMs: 8000, subrequestResponseBytes: 5 * MB },
  },
  280: {
    initCpuMs: 300, initWallMs: 500, variableBudget: 1024,
    handler: { memoryBytes: 4 * MB, cpuMs: 70, wallMs: 10000, subrequests: 10, parallelSubrequests: 10, subrequestWallMs: 10000, subrequestResponseBytes: 8 * MB },
    responseProvider: { memoryBytes: 6 * MB, cpuMs: 300, wallMs: 10000, subrequests: 50, parallelSubrequests: 10, subrequestWallMs: 10000, subrequestResponseBytes: 8 * MB },
  },
};

export interface ProductLimits {
  /** respondWith body, in characters. */
  respondWithBodyChars: number;
  /** createResponse string body, in bytes. */
  createResponseStringBodyBytes: number;
  /** createResponse status line plus headers, in bytes. */
  createResponseHeaderBytes: number;
  /** httpResponse.text()/json() buffered cap; undefined means no cap. */
  subrequestBufferedBodyBytes: number | undefined;
  /** request.text()/json()/arrayBuffer() cap in responseProvider; undefined means no cap. */
  requestBufferedBodyBytes: number | undefined;
  /** request.body stream cap in responseProvider. */
  requestBodyStreamBytes: number;
  subrequestResponseHeaderBytes: number;
  logBytesPerHandler: number;
  bundleCompressedBytes: number;
  bundleUncompressedBytes: number;
}

export const PROFILES: Readonly<Record<LimitsProfileName, ProductLimits>> = {
  current: {
    respondWithBodyChars: 16_384,
    createResponseStringBodyBytes: 100_000,
    createResponseHeaderBytes: 16 * 1024,
    subrequestBufferedBodyBytes: undefined,
    requestBufferedBodyBytes: undefined,
    requestBodyStreamBytes: 1 * MB,
    subrequestResponseHeaderBytes: 8192,
    logBytesPerHandler: 1024,
    bundleCompressedBytes: 512 * 1024,
    bundleUncompressedBytes: 1 * MB,
  },
  '2025-03': {
    respondWithBodyChars: 2048,
    createResponseStringBodyBytes: 100_000,
    createResponseHeaderBytes: 8 * 1024,
    subrequestBufferedBodyBytes: 128 * 1024,
    requestBufferedBodyBytes: 16 * 1024,
    requestBodyStreamBytes: 1 * MB,
    subrequestResponseHeaderBytes: 8192,
    logBytesPerHandler: 1024,
    bundleCompressedBytes: 512 * 1024,
    bundleUncompressedBytes: 1 * MB,
  },
};

export interface Limits {
  tier: Tier;
  profile: LimitsProfileName;
  tierLimits: TierLimits;
  product: ProductLimits;
}

export function resolveLimits(tier: Tier = 200, profile: LimitsProfileName = 'current'): Limits {
  return { tier, profile, tierLimits: TIERS[tier], product: PROFILES[profile] };
}
