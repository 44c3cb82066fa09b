/**
 * The UserLocation object (spec §6) built from simulated key/value pairs (decisions, "Local
 * simulation": `x-weft-location: country=FR; city=PARIS` or config defaults). Unknown fields stay
 * `undefined` (decisions 3).
 */
import { describeValue } from '../errors.ts';
import { SimulationValueError } from './errors.ts';

export interface UserLocation {
  readonly continent: string | undefined;
  readonly country: string | undefined;
  readonly region: string | undefined;
  readonly city: string | undefined;
  readonly zipCode: string | undefined;
  readonly dma: string | undefined;
  readonly timezone: string | undefined;
  readonly networkType: string | undefined;
  readonly bandwidth: string | undefined;
  readonly latitude: string | undefined;
  readonly longitude: string | undefined;
  readonly areaCodes: string[] | undefined;
  readonly fips: string[] | undefined;
}

type Kind = 'string' | 'list';

const FIELDS: Readonly<Record<keyof UserLocation, Kind>> = {
  continent: 'string', country: 'string', region: 'string', city: 'string', zipCode: 'string', dma: 'string',
  timezone: 'string', networkType: 'string', bandwidth: 'string', latitude: 'string', longitude: 'string',
  areaCodes: 'list', fips: 'list',
};

export const USER_LOCATION_FIELDS = Object.keys(FIELDS) as Array<keyof UserLocation>;

const BY_LOWER = new Map(USER_LOCATION_FIELDS.map((field) => [field.toLowerCase(), field]));

export type FieldPairs = Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

export function pairsOf(pairs: FieldPairs): Iterable<readonly [string, string]> {
  return Symbol.iterator in pairs ? (pairs as Iterable<readonly [string, string]>) : Object.entries(pairs);
}

/** A location with every field undefined: what a request gets without simulation or defaults. */
export function emptyUserLocation(): UserLocation {
  // Frozen, so one instance serves every request.
  EMPTY ??= buildUserLocation([]);
  return EMPTY;
}
let EMPTY: UserLocation | undefined;

/**
 * Types the pairs: lists (`areaCodes=617,857`) become arrays, everything else stays a string as the
 * platform types it. Keys match case-insensitively; an unknown key throws, naming the valid ones.
 */
export function buildUserLocation(pairs: FieldPairs, source = 'user location'): UserLocation {
  const values: Record<string, string | string[] | undefined> = {};
  for (const field of USER_LOCATION_FIELDS) values[field] = undefined;
  for (const [key, raw] of pairsOf(pairs)) {
    const field = BY_LOWER.get(key.trim().toLowerCase());
    if (field === undefined) {
      throw new SimulationValueError(`${source}: unknown field ${describeValue(key)}; valid fields are ${USER_LOCATION_FIELDS.join(', ')}`);
    }
    const value = raw.trim();
    values[field] = FIELDS[field] === 'list' ? splitList(value) : value;
  }
  return Object.freeze(values) as unknown as UserLocation;
}

export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
