import { describe, expect, it } from 'vitest';
import { Cookies, SetCookie } from '../../src/modules/cookies/index.ts';

describe('cookies: Cookies (spec §14.1, decisions 14)', () => {
  it('parses on ";" with optional spaces and serialises with "; "', () => {
    const jar = new Cookies('Cookie1=Value1;Cookie2=Value2;');
    expect(jar.names()).toEqual(['Cookie1', 'Cookie2']);
    expect(jar.toHeader()).toBe('Cookie1=Value1; Cookie2=Value2');
    expect(new Cookies('test1=1b; test2=2a').toHeader()).toBe('test1=1b; test2=2a');
  });

  it('takes the first element of an array (getHeader output), and null/undefined as empty', () => {
    expect(new Cookies(['a=1; b=2', 'ignored=3']).get('b')).toBe('2');
    expect(new Cookies(null).names()).toEqual([]);
    expect(new Cookies().toHeader()).toBe('');
    expect(new Cookies([]).names()).toEqual([]);
  });

  it('get returns the first match, getAll every match, names each name once', () => {
    const jar = new Cookies('a=1; b=2; a=3');
    expect(jar.get('a')).toBe('1');
    expect(jar.get('zzz')).toBeUndefined();
    expect(jar.getAll('a')).toEqual(['1', '3']);
    expect(jar.getAll('zzz')).toEqual([]);
    expect(jar.names()).toEqual(['a', 'b']);
  });

  it('parsed cookies are written back byte for byte; added ones are encoded', () => {
    const jar = new Cookies('session=abc/def==; loc=US%2BMI; quoted="q1"; sloppy=a b; plain=1');
    expect(jar.get('quoted')).toBe('q1');
    expect(jar.get('session')).toBe('abc/def==');
    expect(jar.get('loc')).toBe('US+MI');
    jar.delete('plain');
    jar.add('geo', 'US+MI:1');
    expect(jar.toHeader()).toBe('session=abc/def==; loc=US%2BMI; quoted="q1"; sloppy=a b; geo=US%2BMI%3A1');
  });

  it('add appends and delete removes every cookie of that name', () => {
    const jar = new Cookies('a=1; b=2; a=3');
    jar.add('c', 'x y');
    jar.delete('a');
    expect(jar.toHeader()).toBe('b=2; c=x%20y');
  });

  it('decodes escaped values when parsing; decode and encode options replace the codec', () => {
    const jar = new Cookies('loc=US%2BMI; bad=%E0%A4%A');
    expect(jar.get('loc')).toBe('US+MI');
    expect(jar.get('bad')).toBe('%E0%A4%A');
    const raw = new Cookies('a=x%20y', { decode: (s: string) => s });
    expect(raw.get('a')).toBe('x%20y');
    expect(raw.toHeader({ encode: (s: string) => s.toUpperCase() })).toBe('a=X%20Y');
  });

  it('invalid arguments are TypeErrors naming the value and the rule', () => {
    expect(() => new Cookies(42 as unknown as string)).toThrow(/header must be a string, an array.*got 42/);
    expect(() => new Cookies('a=1').add('bad name', 'v')).toThrow(/cookie name "bad name" is not a valid RFC 6265 token/);
    expect(() => new Cookies('a=1', { decode: 'no' })).toThrow(/options.decode must be a function.*"no"/);
    const jar = new Cookies('a=1');
    expect(() => jar.toHeader({ encode: (s: string) => `${s};x` })).toThrow(/encoded value "1;x" of cookie "a" contains characters RFC 6265 forbids/);
  });
});

describe('cookies: SetCookie (spec §14.2, decisions 14)', () => {
  // [EX] observed serialisations, byte for byte
  it('location cookie with path and maxAge', () => {
    const cookie = new SetCookie({ name: 'location', value: 'US+MI+DEARBORNHEIGHTS', path: '/', maxAge: 86400 });
    expect(cookie.toHeader()).toBe('location=US%2BMI%2BDEARBORNHEIGHTS; Max-Age=86400; Path=/');
    expect(new SetCookie({ name: 'region', value: 'Midwest:68329004' }).toHeader()).toBe('region=Midwest%3A68329004');
  });

  it('a parsed header re-serialises with canonical attribute names', () => {
    expect(new SetCookie('Apache=abcdefg; expires=Thu, 23 Jun 2022 02:31:15 GMT; path=/; Secure').toHeader()).toBe('Apache=abcdefg; Expires=Thu, 23 Jun 2022 02:31:15 GMT; Path=/; Secure');
    expect(new SetCookie('id=123; Expires=Thu, 23 Jun 2022 02:31:15 GMT; Path=/; secure; HttpOnly').toHeader()).toBe('id=123; Expires=Thu, 23 Jun 2022 02:31:15 GMT; Path=/; Secure; HttpOnly');
  });

  it('name and value only', () => {
    expect(new SetCookie({ name: 'testGroup', value: 'A' }).toHeader()).toBe('testGroup=A');
  });

  // decisions 14: attribute order Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite
  it('serialises every attribute in the decided order', () => {
    const cookie = new SetCookie();
    cookie.name = 'all';
    cookie.value = 'v';
    cookie.sameSite = 'Lax';
    cookie.httpOnly = true;
    cookie.secure = true;
    cookie.path = '/p';
    cookie.domain = 'example.com';
    cookie.maxAge = 60;
    cookie.expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(cookie.toHeader()).toBe('all=v; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=60; Domain=example.com; Path=/p; Secure; HttpOnly; SameSite=Lax');
  });

  it('parses attributes into typed properties', () => {
    const cookie = new SetCookie('s=a%20b; Max-Age=10; Domain=x.com; SameSite=none; HttpOnly');
    expect(cookie.name).toBe('s');
    expect(cookie.value).toBe('a b');
    expect(cookie.maxAge).toBe(10);
    expect(cookie.domain).toBe('x.com');
    expect(cookie.sameSite).toBe('None');
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.secure).toBe(false);
    expect(new SetCookie('t=1; SameSite').sameSite).toBe(true);
    expect(new SetCookie('t=1; SameSite').toHeader()).toBe('t=1; SameSite=Strict');
  });

  it('expires 0 makes a session cookie; Max-Age=0 is kept', () => {
    expect(new SetCookie({ name: 'a', value: 'b', expires: 0 as unknown as Date, maxAge: 0 }).toHeader()).toBe('a=b; Max-Age=0');
  });

  it('encode and decode options', () => {
    expect(new SetCookie({ name: 'a', value: 'x y' }).toHeader({ encode: (s: string) => s.replace(' ', '_') })).toBe('a=x_y');
    expect(new SetCookie('a=x%20y', { decode: (s: string) => s }).value).toBe('x%20y');
  });

  it('invalid attributes are TypeErrors naming the value and the rule', () => {
    expect(() => new SetCookie({ name: 'bad name', value: 'v' }).toHeader()).toThrow(/cookie name "bad name" is not a valid RFC 6265 token/);
    expect(() => new SetCookie({ name: 'a', value: 'v', path: '/x;Secure' }).toHeader()).toThrow(/Path "\/x;Secure" may not contain ';'/);
    expect(() => new SetCookie({ name: 'a', maxAge: 'soon' as unknown as number }).toHeader()).toThrow(/maxAge must be a finite number of seconds; got "soon"/);
    expect(() => new SetCookie({ name: 'a', sameSite: 'lax' as 'Lax' }).toHeader()).toThrow(/sameSite must be "Strict", "Lax", "None" or true; got "lax"/);
    expect(() => new SetCookie(5 as unknown as string)).toThrow(/init must be a Set-Cookie header string or an object.*got 5/);
  });
});
