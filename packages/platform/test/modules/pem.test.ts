import { describe, expect, it } from 'vitest';
import { pem2ab } from '../../src/modules/crypto/pem.ts';

describe('pem2ab without Buffer (spec §18)', () => {
  it('returns an ArrayBuffer of this realm holding exactly the body bytes', () => {
    for (const bytes of [[], [1], [1, 2], [1, 2, 3], [0xfb, 0xff, 0x00, 0x41, 0x7e]]) {
      const body = Buffer.from(bytes).toString('base64').replace(/(.{2})/g, '$1\n');
      const buffer = pem2ab(`-----BEGIN TEST-----\n${body}\n-----END TEST-----\n`);
      expect(Object.getPrototypeOf(buffer)).toBe(ArrayBuffer.prototype);
      expect([...new Uint8Array(buffer)]).toEqual(bytes);
    }
  });

  it('still rejects "=" inside the body', () => {
    expect(() => pem2ab('-----BEGIN K-----\nAA==AAAA\n-----END K-----')).toThrow(/illegal character "A"/);
  });
});
