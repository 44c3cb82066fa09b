import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { atob, base16, base64, base64url, btoa, TextDecoder, TextEncoder } from '../../src/modules/encoding/index.ts';
import { DOMException } from '../../src/realm/dom-exception.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';

// The legacy encodings are decoded by the host (encoding/host-api.ts).
linkHostRealm();

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

  it('round-trips every length of bytes as Node Buffer does', () => {
    for (let length = 0; length < 70; length++) {
      const data = new Uint8Array(length).map((_, i) => (i * 151 + length * 7) & 0xff);
      const node = Buffer.from(data);
      expect(base64.encode(data)).toBe(node.toString('base64'));
      expect(base64url.encode(data)).toBe(node.toString('base64url'));
      expect(base16.encode(data)).toBe(node.toString('hex'));
      expect([...(base64.decode(node.toString('base64')) as Uint8Array)]).toEqual([...data]);
      expect([...(base64url.decode(node.toString('base64url')) as Uint8Array)]).toEqual([...data]);
      expect(atob(node.toString('base64'))).toBe(node.toString('latin1'));
      expect(btoa(node.toString('latin1'))).toBe(node.toString('base64'));
    }
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

  it('fatal mode, option conversion to boolean and label handling', () => {
    expect(new TextDecoder(' utf-8 ').encoding).toBe('utf-8');
    expect(new TextDecoder('\tUTF8\n').encoding).toBe('utf-8');
    expect(new TextDecoder('unicode-1-1-utf-8').encoding).toBe('utf-8');
    const fatal = new TextDecoder('utf-8', { fatal: 1 as unknown as boolean });
    expect(fatal.fatal).toBe(true);
    expect(fatal.ignoreBOM).toBe(false);
    expect(() => fatal.decode(bytes(0xff))).toThrow(TypeError);
    expect(() => new TextDecoder('no-such-label')).toThrow(RangeError);
  });

  // Spec §17: the edge's TextDecoder also decodes the legacy encodings (ISO-8859-2, KOI8-R, GBK, ...).
  it('decodes legacy encodings by their WHATWG labels, streaming included', () => {
    expect(new TextDecoder(' ISO-8859-2 ').encoding).toBe('iso-8859-2');
    expect(new TextDecoder('latin2').encoding).toBe('iso-8859-2');
    expect(new TextDecoder('iso-8859-2').decode(bytes(0xa1, 0xb3, 0xbf))).toBe('Ąłż');
    expect(new TextDecoder('KOI8-R').decode(bytes(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4))).toBe('Привет');
    const gbk = new TextDecoder('GBK');
    expect(gbk.encoding).toBe('gbk');
    expect(gbk.decode(bytes(0xc4, 0xe3, 0xba, 0xc3))).toBe('你好');
    // A two-byte character split across calls comes out whole at the second call.
    expect(gbk.decode(bytes(0xc4), { stream: true })).toBe('');
    expect(gbk.decode(bytes(0xe3, 0xba), { stream: true })).toBe('你');
    expect(gbk.decode(bytes(0xc3))).toBe('好');
    // Two decoders mid-stream at once keep their own state.
    const a = new TextDecoder('shift_jis');
    const b = new TextDecoder('shift_jis');
    expect(a.decode(bytes(0x82), { stream: true }) + b.decode(bytes(0x82), { stream: true })).toBe('');
    expect(a.decode(bytes(0xa0)) + b.decode(bytes(0xa2))).toBe('あい');
    expect(new TextDecoder('utf-16le').decode(new Uint16Array([0x48, 0x69]))).toBe('Hi');
  });

  it('a legacy fatal decoder throws TypeError on invalid input, and a bad label is a RangeError', () => {
    const fatal = new TextDecoder('shift_jis', { fatal: true });
    expect(fatal.fatal).toBe(true);
    expect(() => fatal.decode(bytes(0x82), { stream: false })).toThrow(TypeError);
    expect(fatal.decode(bytes(0x41))).toBe('A');
    expect(new TextDecoder('shift_jis').decode(bytes(0x82))).toBe('\ufffd');
    for (const label of ['no-such-label', 'replacement', 'iso-2022-kr', '']) {
      expect(() => new TextDecoder(label), label).toThrow(RangeError);
    }
    expect(() => new TextDecoder('klingon')).toThrow(/label "klingon" names no encoding TextDecoder decodes/);
  });
});

describe('encoding: TextEncoder in detail (WHATWG Encoding §8.2)', () => {
  it('encodes every code point range and replaces lone surrogates with U+FFFD', () => {
    const encoder = new TextEncoder();
    expect([...encoder.encode('a\u00e9\u20ac\u{1f600}')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect([...encoder.encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
    expect([...encoder.encode('\udc00x\ud83d')]).toEqual([0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd]);
    expect([...encoder.encode(42 as unknown as string)]).toEqual([0x34, 0x32]);
    expect(() => encoder.encode(Symbol('s') as unknown as string)).toThrow(TypeError);
  });

  it('encodeInto writes whole code points only and reports read/written', () => {
    const encoder = new TextEncoder();
    const target = new Uint8Array(5);
    expect(encoder.encodeInto('a\u20ac\u{1f600}', target)).toEqual({ read: 2, written: 4 });
    expect([...target]).toEqual([0x61, 0xe2, 0x82, 0xac, 0]);
    expect(encoder.encodeInto('\u{1f600}z', new Uint8Array(4))).toEqual({ read: 2, written: 4 });
    expect(encoder.encodeInto('', new Uint8Array(0))).toEqual({ read: 0, written: 0 });
    expect(() => encoder.encodeInto('a', new Uint16Array(2) as unknown as Uint8Array)).toThrow(/destination must be a Uint8Array/);
  });

  it('matches Node for a large mixed text (the chunked string building)', () => {
    const text = 'héllo wörld \u{1f600} '.repeat(5000) + 'x'.repeat(20000);
    const ours = new TextEncoder().encode(text);
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(text, 'utf8'))).toBe(0);
    expect(new TextDecoder().decode(ours)).toBe(text);
  });
});

describe('encoding: TextDecoder in detail (WHATWG Encoding §8.1)', () => {
  const node = (input: Uint8Array, options?: TextDecoderOptions) => new globalThis.TextDecoder('utf-8', options).decode(input);
  type TextDecoderOptions = { fatal?: boolean; ignoreBOM?: boolean };

  it('replaces each maximal invalid subpart with one U+FFFD, as Node does', () => {
    const cases = [
      [0x80], [0xc0, 0x80], [0xc2], [0xe0, 0x80, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xf0, 0x9f, 0x98], [0x61, 0xe2, 0x28, 0xa1], [0xef, 0xbb, 0xbf, 0x41], [0xff, 0xfe],
    ];
    for (const values of cases) {
      const input = bytes(...values);
      expect(new TextDecoder().decode(input), values.join(',')).toBe(node(input));
      let ours: unknown;
      let theirs: unknown;
      try { ours = new TextDecoder('utf-8', { fatal: true }).decode(input); } catch (error) { ours = (error as Error).name; }
      try { theirs = node(input, { fatal: true }); } catch (error) { theirs = (error as Error).name; }
      expect(ours, `fatal ${values.join(',')}`).toBe(theirs);
    }
  });

  it('agrees with Node on random bytes split at every boundary in stream mode', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const pool = [0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0x9f, 0x90, 0xa0, 0xff];
    for (let round = 0; round < 2000; round++) {
      const input = new Uint8Array(next() % 9).map(() => pool[next() % pool.length]);
      for (let cut = 0; cut <= input.length; cut++) {
        const ours = new TextDecoder();
        const theirs = new globalThis.TextDecoder();
        const got = ours.decode(input.subarray(0, cut), { stream: true }) + ours.decode(input.subarray(cut));
        const want = theirs.decode(input.subarray(0, cut), { stream: true }) + theirs.decode(input.subarray(cut));
        expect(got, `${[...input].join(',')} cut at ${cut}`).toBe(want);
      }
    }
  });

  it('holds a 4-byte sequence fed one byte at a time', () => {
    const decoder = new TextDecoder();
    const parts = [0xf0, 0x9f, 0x98, 0x80].map((b) => decoder.decode(bytes(b), { stream: true }));
    expect(parts).toEqual(['', '', '', '\u{1f600}']);
    expect(decoder.decode()).toBe('');
  });

  it('an unfinished sequence at the end of the stream is one U+FFFD, or a TypeError when fatal', () => {
    const decoder = new TextDecoder();
    expect(decoder.decode(bytes(0x61, 0xe2, 0x82), { stream: true })).toBe('a');
    expect(decoder.decode()).toBe('\ufffd');
    // The decoder starts afresh after a flush.
    expect(decoder.decode(bytes(0x62))).toBe('b');
    const fatal = new TextDecoder('utf-8', { fatal: true });
    expect(fatal.decode(bytes(0xe2, 0x82), { stream: true })).toBe('');
    expect(() => fatal.decode()).toThrow(TypeError);
    expect(() => fatal.decode(bytes(0x61, 0xc3, 0x28))).toThrow(/not valid UTF-8.*byte 1/);
    expect(fatal.decode(bytes(0x61))).toBe('a');
  });

  it('strips one BOM at the start of a stream, even split across calls, unless ignoreBOM', () => {
    const decoder = new TextDecoder();
    expect(decoder.decode(bytes(0xef, 0xbb), { stream: true })).toBe('');
    expect(decoder.decode(bytes(0xbf, 0xef, 0xbb, 0xbf, 0x41), { stream: true })).toBe('\ufeffA');
    expect(decoder.decode()).toBe('');
    expect(decoder.decode(bytes(0xef, 0xbb, 0xbf))).toBe('');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).ignoreBOM).toBe(true);
  });

  it('decodes ArrayBuffer, DataView, other typed arrays and arrays of another realm', () => {
    const buffer = bytes(0x68, 0x69).buffer;
    expect(new TextDecoder().decode(buffer)).toBe('hi');
    expect(new TextDecoder().decode(new DataView(buffer, 1))).toBe('i');
    expect(new TextDecoder().decode(new Uint16Array([0x6968]))).toBe('hi');
    expect(new TextDecoder().decode(vm.runInNewContext('new Uint8Array([0xc3, 0xa9])') as Uint8Array)).toBe('é');
    expect(new TextDecoder().decode(vm.runInNewContext('new Uint8Array([0x6f, 0x6b]).buffer') as ArrayBuffer)).toBe('ok');
    expect(() => new TextDecoder().decode('hi' as unknown as Uint8Array)).toThrow(/input must be an ArrayBuffer, a typed array or a DataView; got "hi"/);
    expect(() => new TextDecoder('utf-8', 5 as unknown as object)).toThrow(TypeError);
  });
});
