/**
 * The one undici Agent an edge environment sends every outbound request through (origin
 * forwarding and sub-requests).
 *
 * The per-origin connection cap is high on purpose: at the edge a worker's sub-requests never wait
 * for a connection another visitor's request holds, so locally they must not either. With a cap of
 * a few hundred, 100 concurrent visitors × 5 parallel sub-requests to one mock origin queued for
 * free sockets and added tens of milliseconds that the edge would not (bench/compose-api). The cap
 * stays finite so a runaway loop cannot exhaust file descriptors.
 */
import { Agent } from 'undici';

export const OUTBOUND_CONNECTIONS_PER_ORIGIN = 4096;
export const OUTBOUND_KEEP_ALIVE_MS = 10_000;

export function createOutboundAgent(): Agent {
  return new Agent({ keepAliveTimeout: OUTBOUND_KEEP_ALIVE_MS, connections: OUTBOUND_CONNECTIONS_PER_ORIGIN });
}
