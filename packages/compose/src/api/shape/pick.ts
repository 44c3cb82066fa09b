/**
 * `pick` and `omit` keep or drop fields (KrakenD's allow/deny), on one object or on each object of
 * an array, with the result typed.
 */
export function pick<T extends object, K extends keyof T>(value: readonly T[], keys: readonly K[]): Array<Pick<T, K>>;
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K>;
export function pick<T extends object, K extends keyof T>(value: T | readonly T[], keys: readonly K[]): Pick<T, K> | Array<Pick<T, K>> {
  if (Array.isArray(value)) return value.map((item: T) => pickOne(item, keys));
  return pickOne(value as T, keys);
}

export function omit<T extends object, K extends keyof T>(value: readonly T[], keys: readonly K[]): Array<Omit<T, K>>;
export function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K>;
export function omit<T extends object, K extends keyof T>(value: T | readonly T[], keys: readonly K[]): Omit<T, K> | Array<Omit<T, K>> {
  if (Array.isArray(value)) return value.map((item: T) => omitOne(item, keys));
  return omitOne(value as T, keys);
}

function pickOne<T extends object, K extends keyof T>(item: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (Object.hasOwn(item, key)) out[key] = item[key];
  return out;
}

function omitOne<T extends object, K extends keyof T>(item: T, keys: readonly K[]): Omit<T, K> {
  const out = { ...item };
  for (const key of keys) delete out[key];
  return out;
}
