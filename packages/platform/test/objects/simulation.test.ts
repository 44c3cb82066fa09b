import { describe, expect, it } from 'vitest';
import { BOT_SEGMENTS, buildDevice, buildUserLocation, createBotScore, DEVICE_FIELDS, emptyDevice, emptyUserLocation, parseBotSegment, SimulationValueError, USER_LOCATION_FIELDS } from '../../src/index.ts';
import { harness } from './helpers.ts';

describe('UserLocation from pairs (spec §6, decisions "Local simulation")', () => {
  it('types the documented fields, lists as arrays', () => {
    const location = buildUserLocation([['country', 'FR'], ['city', 'PARIS'], ['areaCodes', '617, 857'], ['fips', '25'], ['latitude', '42.364948'], ['zipCode', '02114+02134-02142']]);
    expect(location.country).toBe('FR');
    expect(location.city).toBe('PARIS');
    expect(location.areaCodes).toEqual(['617', '857']);
    expect(location.fips).toEqual(['25']);
    // spec §6: latitude stays a numeric string.
    expect(location.latitude).toBe('42.364948');
    expect(location.zipCode).toBe('02114+02134-02142');
    expect(location.region).toBeUndefined();
  });

  // decisions 3: every field exists, undefined when unknown.
  it('has every field, undefined when unknown', () => {
    const location = emptyUserLocation();
    expect(Object.keys(location).sort()).toEqual([...USER_LOCATION_FIELDS].sort());
    expect(Object.values(location).every((value) => value === undefined)).toBe(true);
    expect(USER_LOCATION_FIELDS).toHaveLength(13);
  });

  it('accepts a record and matches keys case-insensitively', () => {
    expect(buildUserLocation({ ZIPCODE: '10001', Country: 'US' })).toMatchObject({ zipCode: '10001', country: 'US' });
  });

  it('rejects an unknown key, naming it and the valid ones', () => {
    expect(() => buildUserLocation([['contry', 'FR']], 'x-weft-location')).toThrow(SimulationValueError);
    expect(() => buildUserLocation([['contry', 'FR']], 'x-weft-location')).toThrow(/x-weft-location: unknown field "contry"; valid fields are continent, country, region/);
  });
});

describe('Device from pairs (spec §7)', () => {
  it('types numbers, booleans and strings', () => {
    const device = buildDevice({ brandName: 'Firefox', isMobile: 'true', isTablet: 'false', acceptsThirdPartyCookie: 'true', resolutionWidth: '1080', physicalScreenHeight: '70.5', xhtmlSupportLevel: '4' });
    expect(device.brandName).toBe('Firefox');
    expect(device.isMobile).toBe(true);
    expect(device.isTablet).toBe(false);
    expect(device.acceptsThirdPartyCookie).toBe(true);
    expect(device.resolutionWidth).toBe(1080);
    expect(device.physicalScreenHeight).toBe(70.5);
    expect(device.xhtmlSupportLevel).toBe(4);
    expect(device.os).toBeUndefined();
  });

  it('has every field of §7', () => {
    expect(Object.keys(emptyDevice()).sort()).toEqual([...DEVICE_FIELDS].sort());
    expect(DEVICE_FIELDS).toHaveLength(19);
  });

  it('rejects bad values and unknown keys with the field and the rule', () => {
    expect(() => buildDevice({ isMobile: 'yes' })).toThrow(/device: isMobile must be true or false, got "yes"/);
    expect(() => buildDevice({ resolutionWidth: 'wide' })).toThrow(/resolutionWidth must be a number, got "wide"/);
    expect(() => buildDevice({ xhtmlSupportLevel: '1.5' })).toThrow(/xhtmlSupportLevel must be an integer/);
    expect(() => buildDevice({ resolutionWidth: '' })).toThrow(SimulationValueError);
    // spec §7 ⚠: the documented field is acceptsThirdPartyCookie; the doc example's plural is unknown.
    expect(() => buildDevice({ acceptsThirdPartyCookies: 'true' })).toThrow(/unknown field "acceptsThirdPartyCookies"; valid fields are brandName/);
  });
});

describe('BotScore (spec §8, decisions 6)', () => {
  const tests = ['isHuman', 'isCautiousResponse', 'isStrictResponse', 'isSafeguardResponse', 'isAggressiveResponse', 'isUnexpected'] as const;

  // [INFERRED] §8: exactly one segment test is true.
  it('answers true for exactly one segment', () => {
    BOT_SEGMENTS.forEach((segment, index) => {
      const { responseSegment } = createBotScore(segment);
      const answers = tests.map((name) => responseSegment[name]());
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(answers[index]).toBe(true);
    });
  });

  // decisions 6: both isUnexpected and isUnexpectedResponse exist.
  it('has isUnexpected and isUnexpectedResponse', () => {
    expect(createBotScore('unexpected').responseSegment.isUnexpectedResponse()).toBe(true);
    expect(createBotScore('human').responseSegment.isUnexpectedResponse()).toBe(false);
  });

  it('parses segment names and rejects unknown ones', () => {
    expect(parseBotSegment(' Strict ')).toBe('strict');
    expect(() => parseBotSegment('evil', 'x-weft-bot')).toThrow(/x-weft-bot: unknown segment "evil"; valid segments are human, cautious, strict, safeguard, aggressive, unexpected/);
  });

  it('is what onBotSegmentAvailable reads as request.botScore', () => {
    const { request } = harness('onBotSegmentAvailable', { botSegment: 'aggressive' });
    expect(request.botScore.responseSegment.isAggressiveResponse()).toBe(true);
    expect(request.botScore).toBe(request.botScore);
    expect(Object.isFrozen(request.botScore.responseSegment)).toBe(true);
  });
});
