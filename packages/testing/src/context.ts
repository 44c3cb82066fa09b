/**
 * Typed simulated client context for one request, turned into the runtime's `x-weft-*`
 * simulation headers (docs/decisions.md, "Local simulation").
 */
import type { BotSimulation, DeviceDefaults, LocationDefaults } from '@weft/runtime';

export interface SimulatedContext {
  location?: LocationDefaults;
  device?: DeviceDefaults;
  bot?: Partial<BotSimulation> & Pick<BotSimulation, 'segment'>;
  clientIp?: string;
  /** PMUSER variables this request starts with (over the config's). */
  variables?: Record<string, string>;
  /** A named scenario of the config (`x-weft-scenario`). */
  scenario?: string;
  /** The worker's frozen clock for this request (`x-weft-now`, decision 33). */
  now?: Date | string;
}

function pairs(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join('; ');
}

export function contextHeaders(context: SimulatedContext): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (context.location !== undefined) headers.push(['x-weft-location', pairs(context.location)]);
  if (context.device !== undefined) headers.push(['x-weft-device', pairs(context.device)]);
  if (context.bot !== undefined) headers.push(['x-weft-bot', pairs(context.bot)]);
  if (context.clientIp !== undefined) headers.push(['x-weft-client-ip', context.clientIp]);
  if (context.variables !== undefined) headers.push(['x-weft-variables', pairs(context.variables)]);
  if (context.scenario !== undefined) headers.push(['x-weft-scenario', context.scenario]);
  if (context.now !== undefined) headers.push(['x-weft-now', context.now instanceof Date ? context.now.toISOString() : context.now]);
  return headers;
}
