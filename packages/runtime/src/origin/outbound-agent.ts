/**
 * The one undici Agent an edge environment sends every outbound request through (origin
 * forwarding and sub-requests).
 *
 * The per-origin connection cap is high on purpose: at the edge a worker's sub-requests never wait
 * for a connection another visitor's request holds, so locally they must not either. With a cap of
 * a few hundred, 100 concurrent visitors × 5 parallel sub-requests to one mock origin queued for
 * free sockets and added tens of milliseconds that the edge would not (bench/compose-api). The cap
 * stays finite so a runaway loop cannot exhaust file descriptors.
 *
 * Timeouts: docs/platform.md and docs/decisions.md are silent on the origin side, so Weft takes the
 * edge's own defaults for a property without Connect Timeout or Read Timeout behaviors: 5 s to
 * connect, and 120 s for each read (the response head, then every stretch of body without data).
 * A read timeout answers 504 (the Read Timeout behavior's documented status). Undici's own 300 s
 * defaults left a client waiting well past the point where the edge gives up (issue 12).
 * Sub-requests keep their own, shorter deadline (spec §21.1 wall time per sub-request).
 */
import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';
import type { TimeoutNames } from './origin-error.ts';

/**
 * undici's Agent, required on first use rather than imported: the main thread of `weft serve` and
 * `weft dev` never sends a request itself (its edge threads do). An edge thread loads it while it
 * waits on standby (isolation/edge-thread.ts). Only the Agent's module and what it requires (its
 * pools, clients and errors): undici's index also loads fetch, WebSocket, the mocks and the cache,
 * about 57 ms of an edge thread's start-up against 19 ms for the Agent (undici 7 has no `exports`
 * map, so the path is public; its layout has been the same through v6 and v7).
 */
let agentClass: typeof Agent | undefined;
export function loadAgentClass(): typeof Agent {
  agentClass ??= createRequire(import.meta.url)('undici/lib/dispatcher/agent.js') as typeof Agent;
  return agentClass;
}

export const OUTBOUND_CONNECTIONS_PER_ORIGIN = 4096;
export const OUTBOUND_KEEP_ALIVE_MS = 10_000;

export interface OriginTimeouts {
  /** TCP connect to the origin. */
  connectMs: number;
  /** The response head after the request went out, and then each gap between body reads. */
  readMs: number;
}

export const ORIGIN_TIMEOUTS: Readonly<OriginTimeouts> = Object.freeze({ connectMs: 5_000, readMs: 120_000 });

const timeoutsByAgent = new WeakMap<Dispatcher, OriginTimeouts>();

/**
 * `timeouts` is for embedders and tests that need a hostile origin to fail fast; the served
 * property has no setting for it, as the config has no place for origin behaviors.
 */
export function createOutboundAgent(timeouts: Partial<OriginTimeouts> = {}): Agent {
  const resolved: OriginTimeouts = { ...ORIGIN_TIMEOUTS, ...timeouts };
  const agent = new (loadAgentClass())({
    keepAliveTimeout: OUTBOUND_KEEP_ALIVE_MS,
    connections: OUTBOUND_CONNECTIONS_PER_ORIGIN,
    connectTimeout: resolved.connectMs,
    headersTimeout: resolved.readMs,
    bodyTimeout: resolved.readMs,
  });
  timeoutsByAgent.set(agent, resolved);
  return agent;
}

/** The timeouts a dispatcher applies, for error messages; undici's defaults for one built elsewhere. */
export function timeoutsOf(dispatcher: Dispatcher): TimeoutNames {
  return timeoutsByAgent.get(dispatcher) ?? { connectMs: 10_000, readMs: 300_000 };
}
