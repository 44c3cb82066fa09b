/**
 * `group` collects items under a key (by field name or function); `indexBy` keeps one item per key,
 * which is how a dependent source's answer (prices by SKU) is joined back onto its parent's items.
 * (KrakenD's "group" — wrapping a backend under a key — is just an object literal in a typed merge.)
 */
type KeyOf<T> = { [K in keyof T]: T[K] extends PropertyKey ? K : never }[keyof T];

export function group<T, K extends KeyOf<T>>(items: readonly T[], by: K): Partial<Record<T[K] & PropertyKey, T[]>>;
export function group<T, G extends PropertyKey>(items: readonly T[], by: (item: T) => G): Partial<Record<G, T[]>>;
export function group<T>(items: readonly T[], by: keyof T | ((item: T) => PropertyKey)): Partial<Record<PropertyKey, T[]>> {
  const out: Partial<Record<PropertyKey, T[]>> = {};
  for (const item of items) {
    const key = keyFor(item, by);
    (out[key] ??= []).push(item);
  }
  return out;
}

export function indexBy<T, K extends KeyOf<T>>(items: readonly T[], by: K): Partial<Record<T[K] & PropertyKey, T>>;
export function indexBy<T, G extends PropertyKey>(items: readonly T[], by: (item: T) => G): Partial<Record<G, T>>;
export function indexBy<T>(items: readonly T[], by: keyof T | ((item: T) => PropertyKey)): Partial<Record<PropertyKey, T>> {
  const out: Partial<Record<PropertyKey, T>> = {};
  for (const item of items) out[keyFor(item, by)] = item;
  return out;
}

function keyFor<T>(item: T, by: keyof T | ((item: T) => PropertyKey)): PropertyKey {
  return typeof by === 'function' ? by(item) : (item[by] as PropertyKey);
}
