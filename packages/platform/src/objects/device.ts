/**
 * The Device object (spec §7) built from simulated key/value pairs (`x-weft-device: isMobile=true`).
 * Values are typed as the platform types them: numbers for sizes and the XHTML level, booleans for
 * is/has/accepts flags. Unknown fields stay `undefined` (decisions 3).
 */
import { describeValue } from '../errors.ts';
import { SimulationValueError } from './errors.ts';
import { type FieldPairs, pairsOf } from './location.ts';

export interface Device {
  readonly brandName: string | undefined;
  readonly modelName: string | undefined;
  readonly marketingName: string | undefined;
  readonly os: string | undefined;
  readonly osVersion: string | undefined;
  readonly mobileBrowser: string | undefined;
  readonly mobileBrowserVersion: string | undefined;
  readonly isMobile: boolean | undefined;
  readonly isTablet: boolean | undefined;
  readonly isWireless: boolean | undefined;
  readonly hasAjaxSupport: boolean | undefined;
  readonly hasCookieSupport: boolean | undefined;
  readonly hasFlashSupport: boolean | undefined;
  readonly acceptsThirdPartyCookie: boolean | undefined;
  readonly resolutionWidth: number | undefined;
  readonly resolutionHeight: number | undefined;
  readonly physicalScreenWidth: number | undefined;
  readonly physicalScreenHeight: number | undefined;
  readonly xhtmlSupportLevel: number | undefined;
}

type Kind = 'string' | 'boolean' | 'number' | 'integer';

const FIELDS: Readonly<Record<keyof Device, Kind>> = {
  brandName: 'string', modelName: 'string', marketingName: 'string', os: 'string', osVersion: 'string',
  mobileBrowser: 'string', mobileBrowserVersion: 'string',
  isMobile: 'boolean', isTablet: 'boolean', isWireless: 'boolean', hasAjaxSupport: 'boolean',
  hasCookieSupport: 'boolean', hasFlashSupport: 'boolean', acceptsThirdPartyCookie: 'boolean',
  resolutionWidth: 'number', resolutionHeight: 'number', physicalScreenWidth: 'number', physicalScreenHeight: 'number',
  xhtmlSupportLevel: 'integer',
};

export const DEVICE_FIELDS = Object.keys(FIELDS) as Array<keyof Device>;

const BY_LOWER = new Map(DEVICE_FIELDS.map((field) => [field.toLowerCase(), field]));

export function emptyDevice(): Device {
  // Frozen, so one instance serves every request.
  EMPTY ??= buildDevice([]);
  return EMPTY;
}
let EMPTY: Device | undefined;

export function buildDevice(pairs: FieldPairs, source = 'device'): Device {
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const field of DEVICE_FIELDS) values[field] = undefined;
  for (const [key, raw] of pairsOf(pairs)) {
    const field = BY_LOWER.get(key.trim().toLowerCase());
    if (field === undefined) {
      throw new SimulationValueError(`${source}: unknown field ${describeValue(key)}; valid fields are ${DEVICE_FIELDS.join(', ')}`);
    }
    values[field] = typed(source, field, FIELDS[field], raw.trim());
  }
  return Object.freeze(values) as unknown as Device;
}

function typed(source: string, field: string, kind: Kind, value: string): string | number | boolean {
  if (kind === 'string') return value;
  if (kind === 'boolean') {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new SimulationValueError(`${source}: ${field} must be true or false, got ${describeValue(value)}`);
  }
  const number = value === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number) || (kind === 'integer' && !Number.isInteger(number))) {
    throw new SimulationValueError(`${source}: ${field} must be ${kind === 'integer' ? 'an integer' : 'a number'}, got ${describeValue(value)}`);
  }
  return number;
}
