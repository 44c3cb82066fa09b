import { describe, expect, it } from 'vitest';
import { decodeHeaderText, encodeHeaderText } from '../../src/realm/header-text.ts';

describe('header text: header lists across the door without JSON', () => {
  const roundTrip = (raw: string[]) => decodeHeaderText(encodeHeaderText(raw));

  it('joins names and values with line feeds, and splits them back, empty values included', () => {
    const raw = ['host', 'example.com', 'x-empty', '', 'set-cookie', 'a=1', 'set-cookie', 'b=2', 'x-last', ''];
    expect(encodeHeaderText(raw)).toBe('host\nexample.com\nx-empty\n\nset-cookie\na=1\nset-cookie\nb=2\nx-last\n');
    expect(roundTrip(raw)).toEqual(raw);
    expect(encodeHeaderText([])).toBe('');
    expect(roundTrip([])).toEqual([]);
  });

  it('falls back to JSON for a list a line feed or a leading bracket would break, and still round-trips', () => {
    for (const raw of [['x-bad', 'one\ntwo'], ['[odd', 'value'], ['a', 'b', 'c\n', '']]) {
      expect(encodeHeaderText(raw).startsWith('[')).toBe(true);
      expect(roundTrip(raw)).toEqual(raw);
    }
  });

  it('decodes with the intrinsics captured at load, whatever the worker later does to String.prototype', () => {
    const { indexOf, slice } = String.prototype;
    String.prototype.indexOf = () => -1;
    String.prototype.slice = () => 'patched';
    try {
      expect(decodeHeaderText('a\nb')).toEqual(['a', 'b']);
    } finally {
      Object.assign(String.prototype, { indexOf, slice });
    }
  });
});
