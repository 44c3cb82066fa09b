/**
 * JSON text of the data the kernel sends the host, written without `JSON.stringify`: a worker that
 * puts a `toJSON` (or any getter) on a prototype of its realm would otherwise rewrite what it
 * reports. Only own enumerable data of plain objects and arrays is read, through intrinsics
 * captured before worker code ran; anything else is written as null.
 */
import { JSONStringify, StringCtor } from './primordials.ts';

const { isArray } = Array;
const { keys, getOwnPropertyDescriptor } = Object;
const { isFinite } = Number;

function field(object: object, key: string | number): unknown {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor === undefined || !('value' in descriptor) ? undefined : descriptor.value;
}

export function encodeWire(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSONStringify(value);
    case 'number':
      return isFinite(value) ? StringCtor(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (isArray(value)) {
    const length = field(value, 'length') as number;
    let out = '[';
    for (let i = 0; i < length; i++) out += (i === 0 ? '' : ',') + encodeWire(field(value, i));
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key of keys(value)) {
    const item = field(value, key);
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSONStringify(key)}:${encodeWire(item)}`;
    first = false;
  }
  return `${out}}`;
}
