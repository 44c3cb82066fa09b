/**
 * Reads the local simulation headers of docs/decisions.md from a request and removes them, so no
 * handler and no origin ever sees them. Precedence: request header > CLI `--var` > config file
 * (the CLI has already merged its flags into the options it passes).
 */
import { isIP } from 'node:net';
import { describeValue } from '@weft/platform';
import { BOT_SEGMENTS, type BotSimulation, type DeviceDefaults, type LocationDefaults, type RuntimeOptions } from '../config/schema.ts';
import { parseKeyValueList } from './key-value.ts';
import { DEVICE_FIELDS, LOCATION_FIELDS, typeFields } from './fields.ts';
import { SimulationHeaderError } from './simulation-error.ts';
import { SIMULATION_HEADERS, type SimulationHeader } from '../pipeline/reserved.ts';

export { SIMULATION_HEADERS };

export interface SimulatedContext {
  location: LocationDefaults | undefined;
  device: DeviceDefaults | undefined;
  bot: BotSimulation | undefined;
  clientIp: string;
  variables: Record<string, string>;
  /** Decision 33: epoch ms handlers see as "now", when simulated. */
  now: number | undefined;
  /** `x-weft-profile: 1`: record a CPU profile of the request's handlers. */
  profile: boolean;
}

/** A request's raw header lines, as `[name, value]` pairs (Node's rawHeaders, paired). */
export type RawHeaders = Array<[string, string]>;

function isSimulationHeader(lower: string): lower is SimulationHeader {
  return lower.startsWith('x-weft-') && (SIMULATION_HEADERS as readonly string[]).includes(lower);
}

/** Splits the simulation headers off `headers` (in place) and returns their values, joined per name. */
export function takeSimulationHeaders(headers: RawHeaders): Partial<Record<SimulationHeader, string>> {
  const found: Partial<Record<SimulationHeader, string>> = {};
  let write = 0;
  for (let read = 0; read < headers.length; read++) {
    const pair = headers[read] as [string, string];
    const lower = pair[0].toLowerCase();
    if (isSimulationHeader(lower)) {
      found[lower] = found[lower] === undefined ? pair[1] : `${found[lower]}; ${pair[1]}`;
    } else {
      headers[write++] = pair;
    }
  }
  headers.length = write;
  return found;
}

function parseBot(text: string): BotSimulation {
  const header = 'x-weft-bot';
  let segment: BotSimulation['segment'] | undefined;
  let action: BotSimulation['action'] = 'allow';
  for (const [key, value] of parseKeyValueList(header, text)) {
    if (key === 'segment') {
      const known = BOT_SEGMENTS.find((name) => name === value);
      if (known === undefined) throw new SimulationHeaderError(header, `segment must be one of ${BOT_SEGMENTS.join(', ')}, got ${describeValue(value)}`);
      segment = known;
    } else if (key === 'action') {
      if (value !== 'deny' && value !== 'allow') throw new SimulationHeaderError(header, `action must be deny or allow, got ${describeValue(value)}`);
      action = value;
    } else {
      throw new SimulationHeaderError(header, `unknown field ${describeValue(key)}; known fields: segment, action`);
    }
  }
  // A deny without a segment still needs one for onBotSegmentAvailable to have a botScore.
  return { segment: segment ?? (action === 'deny' ? 'aggressive' : 'human'), action };
}

function parseVariables(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of parseKeyValueList('x-weft-variables', text)) {
    if (!/^PMUSER_[A-Z0-9_]+$/.test(name)) {
      throw new SimulationHeaderError('x-weft-variables', `${describeValue(name)} is not a PMUSER_ variable name (upper case, PMUSER_ prefix)`);
    }
    out[name] = value;
  }
  return out;
}

function parseClientIp(text: string): string {
  const trimmed = text.trim();
  const value = trimmed.startsWith('ip=') ? trimmed.slice(3).trim() : trimmed;
  if (isIP(value) === 0) throw new SimulationHeaderError('x-weft-client-ip', `expected an IPv4 or IPv6 address, got ${describeValue(value)}`);
  return value;
}

function parseNow(text: string): number {
  const value = Date.parse(text.trim());
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim()) || Number.isNaN(value)) {
    throw new SimulationHeaderError('x-weft-now', `expected an ISO 8601 time such as 2026-01-31T12:00:00Z, got ${describeValue(text)}`);
  }
  return value;
}

function parseProfile(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new SimulationHeaderError('x-weft-profile', `expected 1 (record a CPU profile of this request's handlers) or 0, got ${describeValue(text)}`);
}

/** Combines the config defaults with a request's simulation headers (headers win). */
export function simulate(options: RuntimeOptions, found: Partial<Record<SimulationHeader, string>>, socketIp: string): SimulatedContext {
  const location = found['x-weft-location'];
  const device = found['x-weft-device'];
  const bot = found['x-weft-bot'];
  const ip = found['x-weft-client-ip'];
  const variables = found['x-weft-variables'];
  const now = found['x-weft-now'];
  const profile = found['x-weft-profile'];
  const clock = options.clock === undefined ? undefined : Date.parse(options.clock);
  return {
    location: location === undefined ? options.location : (typeFields('x-weft-location', parseKeyValueList('x-weft-location', location), LOCATION_FIELDS) as LocationDefaults),
    device: device === undefined ? options.device : (typeFields('x-weft-device', parseKeyValueList('x-weft-device', device), DEVICE_FIELDS) as DeviceDefaults),
    bot: bot === undefined ? options.bot : parseBot(bot),
    clientIp: ip === undefined ? (options.clientIp ?? socketIp) : parseClientIp(ip),
    variables: variables === undefined ? { ...options.variables } : { ...options.variables, ...parseVariables(variables) },
    now: now === undefined ? clock : parseNow(now),
    profile: profile === undefined ? false : parseProfile(profile),
  };
}
