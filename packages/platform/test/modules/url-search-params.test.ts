import { describe, expect, it } from 'vitest';
import { builtinModule } from '../../src/modules/index.ts';
import URLSearchParams from '../../src/modules/url-search-params.ts';

describe('url-search-params (spec §15)', () => {
  it('is the default export of the module namespace', () => {
    expect(builtinModule('url-search-params')?.default).toBe(URLSearchParams);
  });

  it('follows WHATWG semantics: leading ? stripped, + is a space, set replaces all', () => {
    const params = new URLSearchParams('?a=1&b=x+y&a=2');
    expect(params.get('b')).toBe('x y');
    expect(params.getAll('a')).toEqual(['1', '2']);
    expect(params.get('missing')).toBeNull();
    expect(params.has('a')).toBe(true);
    params.set('a', '3');
    params.append('c', 'é&');
    params.delete('b');
    expect(params.toString()).toBe('a=3&c=%C3%A9%26');
    expect([...params.keys()]).toEqual(['a', 'c']);
    expect([...params.values()]).toEqual(['3', 'é&']);
    expect([...params.entries()]).toEqual([['a', '3'], ['c', 'é&']]);
    expect(new URLSearchParams(params).toString()).toBe('a=3&c=%C3%A9%26');
  });
});
