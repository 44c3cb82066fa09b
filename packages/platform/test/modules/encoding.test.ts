import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { atob, base16, base64, base64url, btoa, TextDecoder, TextEncoder } from '../../src/modules/encoding/index.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

function invalidCharacter(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('InvalidCharacterError');
    expect((error as DOMException).message).toMatch(message);
    return;
  }
  throw new Error('expected an InvalidCharacterError');
}

describe('encoding: atob/btoa (spec §17)', () => {
  it('round-trips binary strings', () => {
    expect(btoa('Hello, world')).toBe('SGVsbG8sIHdvcmxk');
    expect(atob('SGVsbG8sIHdvcmxk')).toBe('Hello, world');
    expect(atob(' SGVs bG8= ')).toBe('Hello');
    expect(btoa('\xff\x00')).toBe('/wA=');
    expect(atob('/wA')).toBe('\xff\x00');
  });

  it('invalid input throws InvalidCharacterError naming the value and the rule', () => {
    invalidCharacter(() => atob('abc*'), /atob\(\): "abc\*" is not valid base64/);
    invalidCharacter(() => atob('abcde'), /not valid base64/);
    invalidCharacter(() => btoa('€uro'), /character "€" \(U\+20AC\) at index 0 is outside Latin-1/);
  });
});

describe('encoding: base64, base64url, base16 (spec §17)', () => {
  const data = bytes(0xfb, 0xff, 0x00, 0x41);

  it('encode and decode each alphabet', () => {
    expect(base64.encode(data)).toBe('+/8AQQ==');
    // [INFERRED] base64url has no '=' padding
    expect(base64url.encode(data)).toBe('-_8AQQ');
    // [INFERRED] base16 is lower-case
    expect(base16.encode(data)).toBe('fbff0041');
    expect([...(base64.decode('+/8AQQ==') as Uint8Array)]).toEqual([...data]);
    expect([...(base64url.decode('-_8AQQ') as Uint8Array)]).toEqual([...data]);
    expect([...(base64url.decode('-_8AQQ==') as Uint8Array)]).toEqual([...data]);
    expect([...(base16.decode('FBff0041') as Uint8Array)]).toEqual([...data]);
  });

  it('decode returns a plain Uint8Array by default and a binary string for "String"', () => {
    const decoded = base64.decode('QUJD');
    expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype);
    expect(base64.decode('QUJD', 'String')).toBe('ABC');
    expect(base16.decode('ff41', 'String')).toBe('\xffA');
    expect(() => base64.decode('QUJD', 'Buffer' as 'String')).toThrow(/outputFormat must be "Uint8Array" or "String"; got "Buffer"/);
  });

  it('accepts a Uint8Array from another realm', () => {
    const foreign = vm.runInNewContext('new Uint8Array([1, 2, 255])') as Uint8Array;
    expect(base16.encode(foreign)).toBe('0102ff');
  });

  // spec §17: the encode() functions throw if given more than one argument
  it('encode throws with more than one argument or a non-Uint8Array', () => {
    expect(() => (base64.encode as (...a: unknown[]) => string)(data, data)).toThrow(/base64.encode\(\): takes exactly one argument \(a Uint8Array\); got 2 arguments/);
    expect(() => (base16.encode as (...a: unknown[]) => string)()).toThrow(/got 0 arguments/);
    expect(() => base64url.encode('abc' as unknown as Uint8Array)).toThrow(/dataToBeEncoded must be a Uint8Array; got "abc"/);
    expect(() => base64.encode(new Uint16Array(2) as unknown as Uint8Array)).toThrow(/must be a Uint8Array/);
  });

  it('invalid encoded input throws InvalidCharacterError', () => {
    invalidCharacter(() => base64.decode('a*=='), /base64.decode\(\): "a\*==" is not valid base64/);
    invalidCharacter(() => base64url.decode('ab+/'), /not valid base64url \(A-Z a-z 0-9 - _ without padding\)/);
    invalidCharacter(() => base16.decode('abc'), /"abc" is not valid base16/);
    invalidCharacter(() => base16.decode('zz'), /not valid base16/);
  });
});

describe('encoding: TextEncoder/TextDecoder (spec §17)', () => {
  it('encodes UTF-8', () => {
    const encoder = new TextEncoder();
    expect(encoder.encoding).toBe('utf-8');
    expect([...encoder.encode('€')]).toEqual([0xe2, 0x82, 0xac]);
    expect(encoder.encode()).toHaveLength(0);
  });

  it('streaming decode: [E2 82], [AC] with {stream:true} then decode() gives "€"', () => {
    const decoder = new TextDecoder();
    expect(decoder.decode(bytes(0xe2, 0x82), { stream: true })).toBe('');
    expect(decoder.decode(bytes(0xac), { stream: true })).toBe('€');
    expect(decoder.decode()).toBe('');
  });

  it('supports legacy labels, fatal mode and option conversion to boolean', () => {
    expect(new TextDecoder('ISO-8859-2').decode(bytes(0xb1))).toBe('ą');
    expect(new TextDecoder('KOI8-R').decode(bytes(0xc1))).toBe('а');
    expect(new TextDecoder('GBK').decode(bytes(0xc4, 0xe3))).toBe('你');
    expect(new TextDecoder(' utf-8 ').encoding).toBe('utf-8');
    const fatal = new TextDecoder('utf-8', { fatal: 1 as unknown as boolean });
    expect(fatal.fatal).toBe(true);
    expect(() => fatal.decode(bytes(0xff))).toThrow(TypeError);
    expect(() => new TextDecoder('no-such-label')).toThrow(RangeError);
  });
});
