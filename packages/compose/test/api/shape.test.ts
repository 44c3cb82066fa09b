import { describe, expect, expectTypeOf, it } from 'vitest';
import { flatten, group, indexBy, omit, pick, rename } from '../../src/index.ts';

const user = { id: 'u1', given_name: 'Ada', family_name: 'Lovelace', address: { city: 'London', geo: { lat: 51.5 } }, tags: ['x'] };

describe('shape helpers', () => {
  it('pick and omit, on objects and arrays, typed', () => {
    const picked = pick(user, ['id', 'given_name']);
    expectTypeOf(picked).toEqualTypeOf<{ id: string; given_name: string }>();
    expect(picked).toEqual({ id: 'u1', given_name: 'Ada' });
    const omitted = omit(user, ['address', 'tags']);
    expectTypeOf(omitted).toEqualTypeOf<Omit<typeof user, 'address' | 'tags'>>();
    expect(omitted).toEqual({ id: 'u1', given_name: 'Ada', family_name: 'Lovelace' });
    expect(pick([user, { ...user, id: 'u2' }], ['id'])).toEqual([{ id: 'u1' }, { id: 'u2' }]);
    // @ts-expect-error: "nope" is not a field
    pick(user, ['nope']);
  });

  it('rename maps field names in the type too', () => {
    const renamed = rename(user, { given_name: 'firstName', family_name: 'lastName' });
    expectTypeOf(renamed.firstName).toEqualTypeOf<string>();
    // @ts-expect-error: the old name is gone
    void renamed.given_name;
    expect(Object.keys(renamed)).toEqual(['id', 'firstName', 'lastName', 'address', 'tags']);
  });

  it('group and indexBy collect items by a field or a function', () => {
    const items = [{ sku: 'a', cat: 'shoes' }, { sku: 'b', cat: 'hats' }, { sku: 'c', cat: 'shoes' }];
    expect(group(items, 'cat')).toEqual({ shoes: [items[0], items[2]], hats: [items[1]] });
    expect(group(items, (i) => (i.sku < 'b' ? 'early' : 'late'))).toEqual({ early: [items[0]], late: [items[1], items[2]] });
    const bySku = indexBy(items, 'sku');
    expectTypeOf(bySku).toEqualTypeOf<Partial<Record<string, { sku: string; cat: string }>>>();
    expect(bySku.b).toBe(items[1]);
  });

  it('flatten gives dotted keys, typed, leaving arrays alone', () => {
    const flat = flatten(user);
    expectTypeOf(flat['address.geo.lat']).toEqualTypeOf<number>();
    expectTypeOf(flat.tags).toEqualTypeOf<string[]>();
    expect(flat).toEqual({ id: 'u1', given_name: 'Ada', family_name: 'Lovelace', 'address.city': 'London', 'address.geo.lat': 51.5, tags: ['x'] });
    expect(flatten({ a: { b: 1 } }, '_')).toEqual({ a_b: 1 });
  });
});
