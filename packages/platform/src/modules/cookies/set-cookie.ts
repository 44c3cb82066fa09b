/**
 * `SetCookie`: one `Set-Cookie` header (spec §14.2, decisions 14). Attributes serialise in the
 * order Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite with canonical names, no trailing `;`.
 */
import { describeValue } from '../../errors.ts';
import { checkAttribute, checkEncodedValue, checkName, defaultDecode, defaultEncode, readCodec, splitPairs, unquote } from './codec.ts';

type SameSite = 'Strict' | 'Lax' | 'None' | true;

interface Init {
  name?: string;
  value?: string;
  maxAge?: number;
  domain?: string;
  path?: string;
  expires?: { toUTCString(): string };
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: SameSite;
}

function parseExpires(text: string): { toUTCString(): string } {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? { toUTCString: () => text } : date;
}

function parseSameSite(text: string): SameSite {
  const canonical = (['Strict', 'Lax', 'None'] as const).find((v) => v.toLowerCase() === text.toLowerCase());
  return canonical ?? true;
}

function parse(header: string, decode: (s: string) => string): Init {
  const [first, ...attributes] = splitPairs(header);
  const init: Init = { name: first?.[0] ?? '', value: decode(unquote(first?.[1] ?? '')) };
  for (const [key, value] of attributes) {
    switch (key.toLowerCase()) {
      case 'expires': init.expires = parseExpires(value); break;
      case 'max-age': if (/^-?\d+$/.test(value)) init.maxAge = Number(value); break;
      case 'domain': init.domain = value; break;
      case 'path': init.path = value; break;
      case 'secure': init.secure = true; break;
      case 'httponly': init.httpOnly = true; break;
      case 'samesite': init.sameSite = value === '' ? true : parseSameSite(value); break;
    }
  }
  return init;
}

export class SetCookie {
  name = '';
  value = '';
  // Unset until given: the platform's type declares them, an absent one is not serialised.
  declare maxAge: number;
  declare domain: string;
  declare path: string;
  declare expires: { toUTCString(): string };
  httpOnly = false;
  secure = false;
  declare sameSite: SameSite;

  constructor(init?: string | Init, options?: object) {
    if (typeof init === 'string') {
      Object.assign(this, parse(init, readCodec(options, 'decode', 'new SetCookie()') ?? defaultDecode));
    } else if (typeof init === 'object' && init !== null) {
      Object.assign(this, init);
    } else if (init !== undefined && init !== null) {
      throw new TypeError(`new SetCookie(init): init must be a Set-Cookie header string or an object of attributes; got ${describeValue(init)}`);
    }
  }

  toHeader(options?: object): string {
    const where = 'setCookie.toHeader()';
    const name = String(this.name);
    checkName(name, where);
    const value = (readCodec(options, 'encode', where) ?? defaultEncode)(String(this.value ?? ''));
    checkEncodedValue(name, value, where);
    const parts = [`${name}=${value}`];
    // An expires of 0 (or none) makes a session cookie (spec §14.2).
    if (this.expires) parts.push(`Expires=${this.expires.toUTCString()}`);
    if (this.maxAge !== undefined) {
      if (typeof this.maxAge !== 'number' || !Number.isFinite(this.maxAge)) throw new TypeError(`${where}: maxAge must be a finite number of seconds; got ${describeValue(this.maxAge)}`);
      parts.push(`Max-Age=${Math.floor(this.maxAge)}`);
    }
    for (const [attribute, text] of [['Domain', this.domain], ['Path', this.path]] as const) {
      if (text === undefined) continue;
      checkAttribute(attribute, String(text), where);
      parts.push(`${attribute}=${String(text)}`);
    }
    if (this.secure) parts.push('Secure');
    if (this.httpOnly) parts.push('HttpOnly');
    if (this.sameSite !== undefined) {
      const sameSite = this.sameSite === true ? 'Strict' : this.sameSite;
      if (sameSite !== 'Strict' && sameSite !== 'Lax' && sameSite !== 'None') throw new TypeError(`${where}: sameSite must be "Strict", "Lax", "None" or true; got ${describeValue(this.sameSite)}`);
      parts.push(`SameSite=${sameSite}`);
    }
    return parts.join('; ');
  }
}
