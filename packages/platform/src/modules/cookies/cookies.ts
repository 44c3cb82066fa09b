/**
 * `Cookies`: the jar of a `Cookie` request header (spec §14.1, decisions 14). Parses on `;` with
 * optional spaces, serialises joined with `"; "`.
 */
import { describeValue } from '../../errors.ts';
import { primitiveToString } from '../shared/header-rules.ts';
import { checkEncodedValue, checkName, defaultDecode, defaultEncode, readCodec, splitPairs, unquote } from './codec.ts';

function readHeader(header: unknown): string {
  if (header === undefined || header === null) return '';
  if (Array.isArray(header)) return header.length === 0 ? '' : readHeader(header[0]);
  if (typeof header === 'string') return header;
  throw new TypeError(`new Cookies(header): header must be a string, an array whose first element is the header (as getHeader('Cookie') returns), null or undefined; got ${describeValue(header)}`);
}

interface Cookie {
  name: string;
  value: string;
  /** The value as it appeared in the parsed header, written back unchanged by default. */
  raw: string | undefined;
}

export class Cookies {
  readonly #cookies: Cookie[];

  constructor(header?: string | string[] | null, options?: object) {
    const decode = readCodec(options, 'decode', 'new Cookies()') ?? defaultDecode;
    this.#cookies = splitPairs(readHeader(header)).map(([name, raw]) => ({ name, value: decode(unquote(raw)), raw }));
  }

  /**
   * The value for the Cookie header. Parsed cookies keep their original bytes, so forwarding a
   * header after add()/delete() changes nothing else; added values are encoded with
   * encodeURIComponent (decisions 14). An `encode` option applies to every value.
   */
  toHeader(options?: object): string {
    const encode = readCodec(options, 'encode', 'cookies.toHeader()');
    return this.#cookies
      .map(({ name, value, raw }) => {
        // A parsed value goes back as the client sent it, even when it bends RFC 6265.
        if (encode === undefined && raw !== undefined) return `${name}=${raw}`;
        const encoded = (encode ?? defaultEncode)(value);
        checkEncodedValue(name, encoded, 'cookies.toHeader()');
        return `${name}=${encoded}`;
      })
      .join('; ');
  }

  get(name: string): string | undefined {
    return this.#cookies.find((cookie) => cookie.name === name)?.value;
  }

  getAll(name: string): string[] {
    return this.#cookies.filter((cookie) => cookie.name === name).map((cookie) => cookie.value);
  }

  /** Each name once, in order of first appearance. */
  names(): string[] {
    return [...new Set(this.#cookies.map((cookie) => cookie.name))];
  }

  add(name: string, value: string): void {
    const checked = primitiveToString(name, 'cookies.add(): name', 'a string');
    checkName(checked, 'cookies.add()');
    this.#cookies.push({ name: checked, value: primitiveToString(value, `cookies.add(): value of cookie "${checked}"`, 'a string'), raw: undefined });
  }

  delete(name: string): void {
    for (let i = this.#cookies.length - 1; i >= 0; i--) if (this.#cookies[i]?.name === name) this.#cookies.splice(i, 1);
  }
}
