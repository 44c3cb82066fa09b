/**
 * The rules a worker's header arguments must follow (spec §3.2, §2.3.9, decisions 26), shared by
 * the request object, the response object and respondWith.
 */
import { describeValue } from '../errors.ts';
import type { ErrorRealm } from './errors.ts';

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// spec §3.2: "no C0 controls" (CR, LF and NUL among them); horizontal tab is legal in a field value.
// DEL is no field-vchar either (RFC 9110 §5.5), the modules' rule refuses it and Node cannot write it.
const FORBIDDEN_IN_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
// spec §2.3.9: names Akamai adds for internal use.
const INTERNAL = /^(x-ak|akamai-)/i;

export function checkHeaderName(member: string, name: unknown, realm: ErrorRealm): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new realm.TypeError(`${member}: header name ${describeValue(name)} is not a valid HTTP token (RFC 9110: letters, digits and !#$%&'*+-.^_\`|~, not empty)`);
  }
  return name;
}

/** decisions 26: primitives become strings as V8 host bindings convert them; objects are refused. */
function toHeaderString(member: string, name: string, value: unknown, realm: ErrorRealm): string {
  if (typeof value === 'symbol' || typeof value === 'function' || (typeof value === 'object' && value !== null)) {
    throw new realm.TypeError(`${member}: value of header "${name}" is ${describeValue(value)}; pass a string or an array of strings`);
  }
  const text = String(value);
  if (FORBIDDEN_IN_VALUE.test(text)) {
    throw new realm.TypeError(`${member}: value of header "${name}" ${describeValue(text)} contains a control character (CR, LF, NUL, DEL or another C0 control); header values must not`);
  }
  return text;
}

/** A header value argument, a single value or an array of values, as a list of strings. */
export function checkHeaderValues(member: string, name: string, value: unknown, realm: ErrorRealm): string[] {
  if (Array.isArray(value)) return value.map((item: unknown) => toHeaderString(member, name, item, realm));
  return [toHeaderString(member, name, value, realm)];
}

export function isInternalHeader(name: string): boolean {
  return INTERNAL.test(name);
}

/** spec §2.3.9: the platform does not let workers manipulate these; Weft ignores the call and says so. */
export function internalHeaderWarning(member: string, name: string): string {
  return `${member}("${name}") ignored: headers starting with X-Ak or Akamai- are Akamai-internal and cannot be manipulated by EdgeWorkers (spec §2.3.9)`;
}
