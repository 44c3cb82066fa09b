/** `rename` maps field names (KrakenD's mapping): `rename(user, { given_name: 'firstName' })`. */
export type Renamed<T, M extends { readonly [K in keyof T]?: string }> = {
  [K in keyof T as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: T[K];
};

export function rename<T extends object, const M extends { readonly [K in keyof T]?: string }>(value: readonly T[], mapping: M): Array<Renamed<T, M>>;
export function rename<T extends object, const M extends { readonly [K in keyof T]?: string }>(value: T, mapping: M): Renamed<T, M>;
export function rename<T extends object, const M extends { readonly [K in keyof T]?: string }>(value: T | readonly T[], mapping: M): Renamed<T, M> | Array<Renamed<T, M>> {
  if (Array.isArray(value)) return value.map((item: T) => renameOne(item, mapping));
  return renameOne(value as T, mapping);
}

function renameOne<T extends object, M extends { readonly [K in keyof T]?: string }>(item: T, mapping: M): Renamed<T, M> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(item)) {
    const target = (mapping as Record<string, string | undefined>)[key];
    out[target ?? key] = field;
  }
  return out as Renamed<T, M>;
}
