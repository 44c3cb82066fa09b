/**
 * `Cookies`: the jar of a `Cookie` request header (spec §14.1, decisions 14). Parses on `;` with
 * optional spaces, serialises joined with `"; "`.
 */
import { describeValue } from '../../errors.ts';
import { primitiveToString } from '../shared/header-rules.ts';
import { checkEncodedValue, checkName, defaultDecode, defaultEncode, readCodec, splitPairs } from './codec.ts';

function readHeader(header: unknown): string {
  if (header === undefined || header === null) return '';
  if (Array.isArray(header)) return header.length === 0 ? '' : readHeader(header[0]);
  if (typeof header === 'string') return header;
  throw new TypeError(`new Cookies(header): header must be a string, an array whose first element is the header (as getHeader('Cookie') returns), null or undefined; got ${describeValue(header)}`);
}

export class Cookies {
  readonly #pairs: Array<[string, string]>;

  constructor(header?: string | string[] | null, options?: object) {
    const decode = readCodec(options, 'decode', 'new Cookies()') ?? defaultDecode;
    this.#pairs = splitPairs(readHeader(header)).map(([name, value]) => [name, decode(value)]);
  }

  /** The value for the Cookie header; values are encoded with encodeURIComponent by default. */
  toHeader(options?: object): string {
    const encode = readCodec(options, 'encode', 'cookies.toHeader()') ?? defaultEncode;
    return this.#pairs
      .map(([name, value]) => {
        const encoded = encode(value);
        checkEncodedValue(name, encoded, 'cookies.toHeader()');
        return `${name}=${encoded}`;
      })
      .join('; ');
  }

  get(name: string): string | undefined {
    return this.#pairs.find(([n]) => n === name)?.[1];
  }

  getAll(name: string): string[] {
    return this.#pairs.filter(([n]) => n === name).map(([, value]) => value);
  }

  /** Each name once, in order of first appearance. */
  names(): string[] {
    return [...new Set(this.#pairs.map(([name]) => name))];
  }

  add(name: string, value: string): void {
    const checked = primitiveToString(name, 'cookies.add(): name', 'a string');
    checkName(checked, 'cookies.add()');
    this.#pairs.push([checked, primitiveToString(value, `cookies.add(): value of cookie "${checked}"`, 'a string')]);
  }

  delete(name: string): void {
    for (let i = this.#pairs.length - 1; i >= 0; i--) if (this.#pairs[i]?.[0] === name) this.#pairs.splice(i, 1);
  }
}
