/**
 * Names Weft reserves on the wire (docs/style.md habit 10): the simulation request headers it
 * removes before any handler or origin sees a request, the response headers it adds, and the path
 * prefix of its own endpoints. Nothing a worker observes depends on them.
 */
export const SIMULATION_HEADERS = ['x-weft-location', 'x-weft-device', 'x-weft-bot', 'x-weft-client-ip', 'x-weft-variables', 'x-weft-now', 'x-weft-profile'] as const;
export type SimulationHeader = (typeof SIMULATION_HEADERS)[number];

/** `HIT`, `MISS`, `STALE` or `BYPASS`: what the cache lookup decided. */
export const WEFT_CACHE_HEADER = 'x-weft-cache';
/**
 * Per sub-request, what its pass through the cache decided (issue 17), as `x-weft-cache` does for
 * the request: `evt=RP; id=1; cache=HIT; url="…"` entries joined by `, ` (debug/subrequest-cache-header.ts).
 */
export const WEFT_SUBREQUEST_CACHE_HEADER = 'x-weft-subrequest-cache';
/** A subWorker call's app names the tree's facts in this request header, and answers a refusal in the second (platform §20). */
export { SUBWORKER_REQUEST_HEADER as WEFT_SUBWORKER_HEADER, SUBWORKER_STATUS_HEADER as WEFT_SUBWORKER_STATUS_HEADER } from '@weft/platform';
/** The id of the request's trace, for `GET /__weft/trace/:id`. */
export const WEFT_TRACE_HEADER = 'x-weft-trace-id';
/** `x-weft-profile: 1` records a CPU profile of the request's handlers (profile/request-profiler.ts). */
export const WEFT_PROFILE_HEADER = 'x-weft-profile';
/** The limit error (`CpuTimeoutError`, `ResourceLimit`...) that made an edge thread answer for the request itself. */
export const WEFT_FAILURE_HEADER = 'x-weft-failure';
/** Weft's own endpoints (traces); never passed to the pipeline. */
export const WEFT_PATH_PREFIX = '/__weft/';
