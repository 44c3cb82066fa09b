/**
 * `pem2ab` (spec §18, RFC 7468): the bytes between matching `-----BEGIN X-----` and `-----END X-----`.
 */
import { describeValue } from '../../errors.ts';
import { decodeBase64 } from '../encoding/alphabets.ts';

const PEM = /^\s*-----BEGIN ([^\r\n-]*)-----([\s\S]*?)-----END ([^\r\n-]*)-----\s*$/;

export function pem2ab(pemEncodedKey: string): ArrayBuffer {
  if (typeof pemEncodedKey !== 'string') throw new TypeError(`pem2ab(): pemEncodedKey must be a PEM string; got ${describeValue(pemEncodedKey)}`);
  const match = PEM.exec(pemEncodedKey);
  if (match === null) {
    throw new TypeError(`pem2ab(): ${describeValue(pemEncodedKey)} is not PEM; expected "-----BEGIN <label>-----", base64 lines, "-----END <label>-----" (RFC 7468)`);
  }
  const [, begin = '', body = '', end = ''] = match;
  if (begin !== end) throw new TypeError(`pem2ab(): the markers do not match: BEGIN "${begin}" but END "${end}" (RFC 7468)`);
  const base64 = body.replace(/\s+/g, '');
  const illegal = /[^A-Za-z0-9+/=]/.exec(base64) ?? /=[^=]/.exec(base64);
  if (illegal !== null || base64.length % 4 !== 0) {
    const what = illegal === null ? `its length ${base64.length} is not a multiple of 4` : `illegal character ${JSON.stringify(illegal[0].at(-1))}`;
    throw new TypeError(`pem2ab(): the body of the "${begin}" PEM block is not base64 (${what}); only A-Z a-z 0-9 + / = and whitespace are allowed`);
  }
  const bytes = decodeBase64(base64.replace(/=+$/, ''));
  // An ArrayBuffer of this realm holding exactly the key's bytes.
  return bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
