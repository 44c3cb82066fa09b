import { describe, expect, it } from 'vitest';
import { encodeHeaderText, HeaderList } from '../../src/index.ts';

describe('HeaderList', () => {
  // spec §3.2: names are case-insensitive; one element per header line.
  it('reads case-insensitively, one element per line', () => {
    const list = new HeaderList([['Accept', 'text/html'], ['X-A', '1'], ['accept', 'application/json']]);
    expect(list.get('ACCEPT')).toEqual(['text/html', 'application/json']);
    expect(list.get('x-a')).toEqual(['1']);
    expect(list.has('X-a')).toBe(true);
    expect(list.first('accept')).toBe('text/html');
  });

  // decisions 2: a missing header reads as undefined.
  it('returns undefined for a missing header', () => {
    expect(new HeaderList().get('nope')).toBeUndefined();
  });

  // spec §3.2 [INFERRED]: comma-joined values on a single line are not split.
  it('does not split comma-joined values', () => {
    expect(new HeaderList([['Accept', 'a, b']]).get('accept')).toEqual(['a, b']);
  });

  // spec §3.2: getHeaders keys are lower-case, in received order, and the snapshot is fresh.
  it('snapshots all headers with lower-case keys in received order', () => {
    const list = new HeaderList([['B', '1'], ['a', '2'], ['C', '3'], ['b', '4']]);
    const all = list.getAll();
    expect(Object.keys(all)).toEqual(['b', 'a', 'c']);
    expect(all.b).toEqual(['1', '4']);
    all.b?.push('mutated');
    delete all.a;
    expect(list.get('b')).toEqual(['1', '4']);
    expect(list.get('a')).toEqual(['2']);
  });

  it('keeps a header named __proto__ as an own key', () => {
    const all = new HeaderList([['__proto__', 'x']]).getAll();
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(all, '__proto__')?.value).toEqual(['x']);
  });

  // spec §3.2: setHeader replaces every value, addHeader appends or creates, removeHeader removes all.
  it('sets, adds and removes', () => {
    const list = new HeaderList({ 'X-A': ['1', '2'], 'X-B': '3' });
    list.set('x-a', 'only');
    expect(list.get('X-A')).toEqual(['only']);
    list.add('X-A', ['more', 'again']);
    expect(list.get('x-a')).toEqual(['only', 'more', 'again']);
    list.add('X-New', 'n');
    expect(list.get('x-new')).toEqual(['n']);
    expect(list.remove('X-B')).toBe(true);
    expect(list.get('x-b')).toBeUndefined();
    list.set('x-a', []);
    expect(list.has('x-a')).toBe(false);
    list.add('x-z', []);
    expect(list.has('x-z')).toBe(false);
  });

  it('keeps the position of a replaced header and appends a new one', () => {
    const list = new HeaderList([['A', '1'], ['B', '2']]);
    list.set('a', 'x');
    list.add('C', '3');
    expect(Object.keys(list.getAll())).toEqual(['a', 'b', 'c']);
  });

  it('clones deeply', () => {
    const list = new HeaderList([['A', '1']]);
    const copy = list.clone();
    copy.add('a', '2');
    copy.set('b', 'x');
    expect(list.get('a')).toEqual(['1']);
    expect(list.has('b')).toBe(false);
    expect(copy.get('a')).toEqual(['1', '2']);
  });

  it('converts from and to Node raw headers, keeping the first spelling', () => {
    const list = HeaderList.fromRaw(['Content-Type', 'text/plain', 'set-cookie', 'a=1', 'Set-Cookie', 'b=2']);
    expect(list.get('content-type')).toEqual(['text/plain']);
    expect(list.toRaw()).toEqual(['Content-Type', 'text/plain', 'set-cookie', 'a=1', 'set-cookie', 'b=2']);
    expect([...list.lines()]).toHaveLength(3);
    expect(list.size).toBe(2);
  });

  it('stands for a header text it has not decoded yet: every reader sees its lines, and it stays unchanged until written', () => {
    const text = encodeHeaderText(['Host', 'h', 'Accept', '*/*', 'accept', 'text/html', 'X-Line', 'a\nb']);
    const list = HeaderList.fromText(text);
    // Crossing back unread: the text it came as, no change counted.
    expect(list.knownText).toBe(text);
    expect(list.changes).toBe(0);
    expect(list.get('ACCEPT')).toEqual(['*/*', 'text/html']);
    expect(list.first('x-line')).toBe('a\nb');
    expect(list.size).toBe(3);
    // Reading decodes without counting a change: the text still stands for the list.
    expect(list.knownText).toBe(text);
    list.set('host', 'other');
    expect(list.knownText).toBeUndefined();
    expect(list.toRaw()).toEqual(['Host', 'other', 'Accept', '*/*', 'Accept', 'text/html', 'X-Line', 'a\nb']);
    expect(HeaderList.fromText('').size).toBe(0);
  });

  it('replaces its lines with a header text, and a copy of an unread list reads the same lines', () => {
    const list = new HeaderList([['A', '1']]);
    const before = list.changes;
    list.replaceWithText(encodeHeaderText(['B', '2', 'b', '3']));
    expect(list.changes).toBeGreaterThan(before);
    expect(list.knownText).toBe('B\n2\nb\n3');
    const copy = list.clone();
    expect(copy.get('b')).toEqual(['2', '3']);
    expect(list.has('a')).toBe(false);
    expect(list.getAll()).toEqual({ b: ['2', '3'] });
    copy.add('C', '4');
    expect(list.has('c')).toBe(false);
    list.replaceWithText('');
    expect(list.size).toBe(0);
    expect(list.lines()).toEqual([]);
  });
});
