/**
 * `flatten` turns nested objects into one level of dotted keys (KrakenD's flatmap "move" into the
 * top level): `{ a: { b: 1 } }` → `{ 'a.b': 1 }`. Arrays and non-plain values stay as they are.
 * The result type lists every dotted key (to a depth of 6).
 */
type Plain = Record<string, unknown>;
type IsPlain<V> = V extends readonly unknown[] ? false : V extends (...args: never[]) => unknown ? false : V extends Plain ? true : false;
type Depth = [never, 0, 1, 2, 3, 4, 5];

type Entries<T, Prefix extends string, Sep extends string, D extends number> = [D] extends [never]
  ? { [K in Prefix]: T }
  : {
      [K in keyof T & string]: IsPlain<T[K]> extends true
        ? Entries<T[K], `${Prefix}${K}${Sep}`, Sep, Depth[D]>
        : { [P in `${Prefix}${K}`]: T[K] };
    }[keyof T & string];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export type Flattened<T, Sep extends string = '.'> = { [K in keyof UnionToIntersection<Entries<T, '', Sep, 6>>]: UnionToIntersection<Entries<T, '', Sep, 6>>[K] };

export function flatten<T extends object, const Sep extends string = '.'>(value: T, separator?: Sep): Flattened<T, Sep> {
  const sep = separator ?? '.';
  const out: Record<string, unknown> = {};
  const walk = (node: Plain, prefix: string, depth: number): void => {
    for (const [key, field] of Object.entries(node)) {
      if (depth < 6 && isPlainObject(field) && Object.keys(field).length > 0) walk(field, `${prefix}${key}${sep}`, depth + 1);
      else out[`${prefix}${key}`] = field;
    }
  };
  walk(value as Plain, '', 0);
  return out as Flattened<T, Sep>;
}

function isPlainObject(value: unknown): value is Plain {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
