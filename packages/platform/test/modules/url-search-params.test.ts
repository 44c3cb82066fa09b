import { describe, expect, it } from 'vitest';
import { URLSearchParams as NodeURLSearchParams } from 'node:url';
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

describe('url-search-params: constructor forms (URL §6.2)', () => {
  it('takes a record, a sequence of pairs, or another instance', () => {
    expect(new URLSearchParams({ a: '1', b: 2 } as unknown as Record<string, string>).toString()).toBe('a=1&b=2');
    expect(new URLSearchParams([['a', '1'], ['a', '2']]).getAll('a')).toEqual(['1', '2']);
    expect(new URLSearchParams(new Map([['k', 'v']])).get('k')).toBe('v');
    const record = Object.create({ inherited: 'no' }, { own: { value: 'yes', enumerable: true }, hidden: { value: 'x', enumerable: false } }) as Record<string, string>;
    expect([...new URLSearchParams(record)]).toEqual([['own', 'yes']]);
  });

  it('rejects pairs that are not two items, naming the rule', () => {
    expect(() => new URLSearchParams([['a']] as unknown as string[][])).toThrow(/exactly two items.*got 1/);
    expect(() => new URLSearchParams([['a', 'b', 'c']] as unknown as string[][])).toThrow(TypeError);
    expect(() => new URLSearchParams([5] as unknown as string[][])).toThrow(/must be a \[name, value\] pair; got 5/);
  });

  it('converts other values with ToString and lone surrogates to U+FFFD', () => {
    expect(new URLSearchParams(12 as unknown as string).toString()).toBe('12=');
    expect(new URLSearchParams(undefined).size).toBe(0);
    expect(new URLSearchParams('a=\ud800').get('a')).toBe('\ufffd');
    expect(new URLSearchParams('a=\ud800').toString()).toBe('a=%EF%BF%BD');
    expect(() => new URLSearchParams(Symbol('s') as unknown as string)).toThrow(TypeError);
  });
});

describe('url-search-params: parsing edge cases (URL §5.1)', () => {
  it.each([
    ['', []],
    ['?', []],
    ['??a=1', [['?a', '1']]],
    ['&&a&=b&c=', [['a', ''], ['', 'b'], ['c', '']]],
    ['a=b=c', [['a', 'b=c']]],
    ['%zz=%4', [['%zz', '%4']]],
    ['%41%4a=%e2%82%ac', [['AJ', '€']]],
    ['a=%2B+%20', [['a', '+  ']]],
    ['a=%ff%fe', [['a', '\ufffd\ufffd']]],
    ['%EF%BB%BFa=1', [['\ufeffa', '1']]],
    ['a=%e2%82', [['a', '\ufffd']]],
  ])('%j parses as %j', (input, pairs) => {
    expect([...new URLSearchParams(input)]).toEqual(pairs);
  });
});

describe('url-search-params: methods', () => {
  it('delete and has take an optional value', () => {
    const params = new URLSearchParams('a=1&a=2&b=1');
    expect(params.has('a', '2')).toBe(true);
    expect(params.has('a', '3')).toBe(false);
    params.delete('a', '1');
    expect(params.toString()).toBe('a=2&b=1');
    params.delete('a', undefined);
    expect(params.toString()).toBe('b=1');
  });

  it('set keeps the first position, sort is stable by UTF-16 code units', () => {
    const params = new URLSearchParams('z=1&a=2&z=3&\u{1f600}=4&\ufffd=5&a=0');
    params.set('z', 'x');
    expect(params.toString()).toBe('z=x&a=2&%F0%9F%98%80=4&%EF%BF%BD=5&a=0');
    params.sort();
    expect([...params.keys()]).toEqual(['a', 'a', 'z', '\u{1f600}', '\ufffd']);
    expect(params.getAll('a')).toEqual(['2', '0']);
  });

  it('size, forEach and iterators are live', () => {
    const params = new URLSearchParams('a=1');
    const seen: string[] = [];
    params.forEach(function (this: unknown, value, name, self) {
      seen.push(`${name}=${value}`);
      expect(this).toBe(params);
      if (self.size < 3) self.append(`n${self.size}`, 'x');
    }, params);
    expect(seen).toEqual(['a=1', 'n1=x', 'n2=x']);
    const iterator = params.keys();
    expect(iterator.next().value).toBe('a');
    params.delete('n1');
    expect([...iterator]).toEqual(['n2']);
    expect(params.size).toBe(2);
    expect(Object.prototype.toString.call(params.entries())).toBe('[object URLSearchParams Iterator]');
    expect(Object.prototype.toString.call(params)).toBe('[object URLSearchParams]');
    expect(() => params.forEach(5 as unknown as () => void)).toThrow(/callback must be a function/);
  });

  it('missing arguments are a TypeError', () => {
    const params = new URLSearchParams();
    expect(() => (params.append as (...a: unknown[]) => void)('a')).toThrow(/append\(name, value\): 2 arguments required/);
    expect(() => (params.get as (...a: unknown[]) => void)()).toThrow(TypeError);
  });

  it('serialises with the urlencoded byte set: alphanumerics and *-._ kept, space as +', () => {
    const params = new URLSearchParams();
    params.append(' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'é €\u{1f600}\n');
    expect(params.toString()).toBe(new NodeURLSearchParams([[' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'é €\u{1f600}\n']]).toString());
    expect(params.toString()).toBe('+%21%22%23%24%25%26%27%28%29*%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D%7E=%C3%A9+%E2%82%AC%F0%9F%98%80%0A');
  });
});

describe('url-search-params: agrees with Node on generated input (property test)', () => {
  // A seeded generator, not a library: the alphabet is what matters (escapes, valid and broken
  // percent sequences, '+', '=', '&', '?', multi-byte and lone-surrogate text).
  let seed = 42;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const atoms = ['a', 'Z', '0', '=', '&', '+', '?', '%', '%2', '%41', '%e2%82%ac', '%E2%82', '%ff', '%C3%A9', '%25', '%2B', '%26', '%3D', ' ', 'é', '€', '\u{1f600}', '\ud800', '\udc00', '*', '-', '.', '_', '~', '#', '\n', '\ufeff', '%EF%BB%BF'];
  const text = (max: number) => Array.from({ length: next(max) }, () => atoms[next(atoms.length)]).join('');

  // Node's URLSearchParams(string) mis-decodes an invalid escape that follows non-ASCII text
  // ("é%ff" gives "\ufffd\ufffd"; URL §5.1 gives "é\ufffd"). Its URL parser percent-encodes the
  // query to ASCII first, as the standard's UTF-8 encode step does, so `url.searchParams` is the
  // oracle for parsing; tab, newline, space and "#" are escaped because the URL parser treats them apart.
  const oracle = (input: string) => {
    const query = (input.startsWith('?') ? input.slice(1) : input).replace(/[\t\n\r# ]/g, (c) => encodeURIComponent(c));
    return new URL(`http://h/?${query}`).searchParams;
  };

  it('parses, serialises and mutates as Node does for 3000 inputs', () => {
    for (let round = 0; round < 3000; round++) {
      const input = text(12);
      const ours = new URLSearchParams(input);
      const theirs = new NodeURLSearchParams(oracle(input));
      expect([...ours], JSON.stringify(input)).toEqual([...theirs]);
      expect(ours.toString(), JSON.stringify(input)).toBe(theirs.toString());
      const name = text(3);
      const value = text(4);
      const other = text(2);
      for (const params of [ours, theirs]) {
        params.append(name, value);
        params.set(other, value);
        params.delete(name, value);
        params.sort();
      }
      expect([...ours], JSON.stringify([input, name, value, other])).toEqual([...theirs]);
      expect(ours.toString()).toBe(theirs.toString());
      expect(new URLSearchParams(ours.toString()).toString()).toBe(ours.toString());
    }
  });

  it('agrees with the Node string parser on ASCII input', () => {
    for (let round = 0; round < 2000; round++) {
      const input = text(12).replace(/[^\x00-\x7f]/g, '');
      expect([...new URLSearchParams(input)], JSON.stringify(input)).toEqual([...new NodeURLSearchParams(input)]);
    }
  });

  it('round-trips records and pairs through toString as Node does', () => {
    for (let round = 0; round < 1000; round++) {
      const pairs: Array<[string, string]> = Array.from({ length: next(4) }, () => [text(3), text(3)]);
      expect(new URLSearchParams(pairs).toString()).toBe(new NodeURLSearchParams(pairs).toString());
      const record = Object.fromEntries(pairs);
      expect(new URLSearchParams(record).toString()).toBe(new NodeURLSearchParams(record).toString());
    }
  });
});
