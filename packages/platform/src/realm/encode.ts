/**
 * JSON text of the data the kernel sends the host. The kernel builds that data itself: plain objects
 * and dense arrays of own data properties. `JSON.stringify` reads nothing else of them but a
 * `toJSON` it looks up through their prototypes, so while the worker has put no `toJSON` on
 * `Object.prototype` or `Array.prototype` (and left the array prototype's chain alone) it writes
 * exactly that data, fast. Otherwise a slower writer reads own data properties only, through
 * intrinsics captured before worker code ran, so a worker's `toJSON` cannot rewrite what it reports.
 */
import { ArrayPrototype, JSONStringify, ObjectGetPrototypeOf, ObjectHasOwn, ObjectPrototype, StringCtor } from './primordials.ts';

const { isArray } = Array;
const { keys, getOwnPropertyDescriptor } = Object;
const { isFinite } = Number;

function field(object: object, key: string | number): unknown {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor === undefined || !('value' in descriptor) ? undefined : descriptor.value;
}

/** Whether `JSON.stringify` would call no worker code for the kernel's own objects and arrays. */
function prototypesUntouched(): boolean {
  return !ObjectHasOwn(ObjectPrototype, 'toJSON') && !ObjectHasOwn(ArrayPrototype, 'toJSON') && ObjectGetPrototypeOf(ArrayPrototype) === ObjectPrototype;
}

/** The JSON text of data the kernel built (see above). */
export function encodeWire(value: unknown): string {
  return prototypesUntouched() ? JSONStringify(value) : encodeOwnData(value);
}

function encodeOwnData(value: unknown): string {
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
    for (let i = 0; i < length; i++) out += (i === 0 ? '' : ',') + encodeOwnData(field(value, i));
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key of keys(value)) {
    const item = field(value, key);
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSONStringify(key)}:${encodeOwnData(item)}`;
    first = false;
  }
  return `${out}}`;
}
