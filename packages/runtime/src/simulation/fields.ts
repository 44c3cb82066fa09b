/**
 * How each simulated field is typed, as the platform types it (spec §6, §7): `isMobile=true` is a
 * boolean, `resolutionWidth=1080` a number, `areaCodes=617,857` an array.
 */
import { describeValue } from '@weft/platform';
import { SimulationHeaderError } from './simulation-error.ts';

export type FieldType = 'string' | 'list' | 'boolean' | 'number' | 'integer';

export const LOCATION_FIELDS: Readonly<Record<string, FieldType>> = {
  continent: 'string', country: 'string', region: 'string', city: 'string', zipCode: 'string', dma: 'string',
  timezone: 'string', networkType: 'string', bandwidth: 'string', latitude: 'string', longitude: 'string',
  areaCodes: 'list', fips: 'list',
};

export const DEVICE_FIELDS: Readonly<Record<string, FieldType>> = {
  brandName: 'string', modelName: 'string', marketingName: 'string', os: 'string', osVersion: 'string',
  mobileBrowser: 'string', mobileBrowserVersion: 'string',
  isMobile: 'boolean', isTablet: 'boolean', isWireless: 'boolean', hasAjaxSupport: 'boolean', hasCookieSupport: 'boolean',
  hasFlashSupport: 'boolean', acceptsThirdPartyCookie: 'boolean',
  resolutionWidth: 'number', resolutionHeight: 'number', physicalScreenWidth: 'number', physicalScreenHeight: 'number',
  xhtmlSupportLevel: 'integer',
};

export type FieldValue = string | string[] | boolean | number;

export function typeField(header: string, key: string, raw: string, fields: Readonly<Record<string, FieldType>>): FieldValue {
  const type = Object.hasOwn(fields, key) ? fields[key] : undefined;
  if (type === undefined) {
    throw new SimulationHeaderError(header, `unknown field ${describeValue(key)}; known fields: ${Object.keys(fields).join(', ')}`);
  }
  switch (type) {
    case 'string':
      return raw;
    case 'list':
      return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new SimulationHeaderError(header, `${key} must be true or false, got ${describeValue(raw)}`);
    case 'number':
    case 'integer': {
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) {
        throw new SimulationHeaderError(header, `${key} must be ${type === 'integer' ? 'an integer' : 'a number'}, got ${describeValue(raw)}`);
      }
      return value;
    }
  }
}

export function typeFields(header: string, pairs: Array<[string, string]>, fields: Readonly<Record<string, FieldType>>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, raw] of pairs) out[key] = typeField(header, key, raw, fields);
  return out;
}
