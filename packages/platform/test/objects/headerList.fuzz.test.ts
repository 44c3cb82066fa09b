/**
 * Property-based tests for header lists and the header rules (spec §3.2, decisions 26): the list
 * holds whatever a client or origin sent, and the rules are the only gate between worker code and
 * the bytes written on the wire.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderList } from '../../src/index.ts';
import { checkHeaderName, checkHeaderValues } from '../../src/objects/headerRules.ts';
import { checkHeaderValue as checkModuleHeaderValue } from '../../src/modules/shared/header-rules.ts';

// Few distinct names in mixed case, so operations collide; awkward object keys among them.
const name = fc
  .tuple(fc.constantFrom('accept', 'x-a', 'set-cookie', '__proto__', 'constructor', 'tostring', 'x-ak-id'), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }))
  .map(([base, upper]) => [...base].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
const value = fc.string({ maxLength: 6 });
const values = fc.oneof(value, fc.array(value, { maxLength: 3 }));

type Op =
  | { op: 'add'; name: string; values: string | string[] }
  | { op: 'set'; name: string; values: string | string[] }
  | { op: 'remove'; name: string }
  | { op: 'replaceWith'; raw: string[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add' as const), name, values }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('set' as const), name, values }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), name }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('replaceWith' as const), raw: fc.array(fc.oneof(name, value), { maxLength: 6 }) }), weight: 1 },
);

/** The reference: header lines in an array, grouped by a name's first appearance (spec §3.2). */
class Model {
  groups: Array<{ key: string; name: string; values: string[] }> = [];
  find(n: string) {
    return this.groups.find((g) => g.key === n.toLowerCase());
  }
  add(n: string, v: string | string[]) {
    const list = typeof v === 'string' ? [v] : v;
    if (list.length === 0) return;
    const group = this.find(n);
    if (group === undefined) this.groups.push({ key: n.toLowerCase(), name: n, values: [...list] });
    else group.values.push(...list);
  }
  set(n: string, v: string | string[]) {
    const list = typeof v === 'string' ? [v] : v;
    if (list.length === 0) this.remove(n);
    else if (this.find(n) === undefined) this.add(n, list);
    else (this.find(n) as { values: string[] }).values = [...list];
  }
  remove(n: string) {
    this.groups = this.groups.filter((g) => g.key !== n.toLowerCase());
  }
}

function apply(target: HeaderList | Model, step: Op): void {
  if (step.op === 'add') target.add(step.name, step.values);
  else if (step.op === 'set') target.set(step.name, step.values);
  else if (step.op === 'remove') target.remove(step.name);
  else if (target instanceof HeaderList) target.replaceWith(step.raw);
  else {
    target.groups = [];
    for (let i = 0; i + 1 < step.raw.length; i += 2) target.add(step.raw[i] as string, step.raw[i + 1] as string);
  }
}

describe('header list fuzz: HeaderList against a model', () => {
  it('any sequence of add/set/remove/replaceWith reads back as the model says', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.array(name, { minLength: 1, maxLength: 4 }), (ops, probes) => {
        const list = new HeaderList();
        const model = new Model();
        for (const step of ops) {
          const before = list.changes;
          apply(list, step);
          apply(model, step);
          expect(list.changes).toBeGreaterThanOrEqual(before);
        }
        expect(list.size).toBe(model.groups.length);
        expect([...list.lines()]).toEqual(model.groups.flatMap((g) => g.values.map((v) => [g.name, v])));
        const all = list.getAll();
        // getHeaders() is a plain object with every header as an own key, "__proto__" included.
        expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
        // In received order, as far as a plain object keeps it: the language puts integer-like keys
        // ("0", "42") first, whatever the insertion order (a counterexample found by this property).
        expect(Object.keys(all)).toEqual(Object.keys(Object.fromEntries(model.groups.map((g) => [g.key, true]))));
        for (const g of model.groups) expect(Object.getOwnPropertyDescriptor(all, g.key)?.value).toEqual(g.values);
        for (const probe of probes) {
          expect(list.get(probe)).toEqual(model.find(probe)?.values);
          expect(list.has(probe)).toBe(model.find(probe) !== undefined);
          expect(list.first(probe)).toBe(model.find(probe)?.values[0]);
        }
        // Node's flat rawHeaders form round-trips, and a clone is independent of its source.
        expect([...HeaderList.fromRaw(list.toRaw()).lines()]).toEqual([...list.lines()]);
        const copy = list.clone();
        copy.add('x-extra', '1');
        expect(list.has('x-extra')).toBe(model.find('x-extra') !== undefined);
      }),
      { numRuns: 400 },
    );
  });
});

class RealmTypeError extends TypeError {}
const realm = { TypeError: RealmTypeError, RangeError };
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values with the characters that matter over-represented: controls, DEL, Latin-1, beyond.
const fieldText = fc.string({ unit: fc.oneof(fc.constantFrom('\r', '\n', '\0', '\t', '\x7f', '\x1b', ' ', '\xff', 'é'), fc.string({ unit: 'binary-ascii', maxLength: 1 })), maxLength: 12 });

describe('header list fuzz: header rules', () => {
  it('a name is accepted exactly when it is an RFC 9110 token; anything else is the realm\'s TypeError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'B', '-', ' ', ':', '\r', '\n', '"', '\u212a'), maxLength: 6 }), fc.anything()), (candidate) => {
        const valid = typeof candidate === 'string' && TOKEN.test(candidate);
        let accepted = true;
        try {
          expect(checkHeaderName('setHeader', candidate, realm)).toBe(candidate);
        } catch (error) {
          accepted = false;
          expect(error).toBeInstanceOf(RealmTypeError);
        }
        expect(accepted).toBe(valid);
        // Whatever the rule accepts, Node can write.
        if (accepted) expect(() => validateHeaderName(candidate as string)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('an accepted value holds no CR, LF, NUL or other control, so no header can be injected', () => {
    fc.assert(
      fc.property(fc.oneof(fieldText, fc.array(fieldText, { maxLength: 3 }), fc.anything()), (candidate) => {
        let accepted: string[];
        try {
          accepted = checkHeaderValues('setHeader', 'x-a', candidate, realm);
        } catch (error) {
          expect(error).toBeInstanceOf(RealmTypeError);
          return;
        }
        for (const line of accepted) {
          expect(line).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f]/);
          // Beyond Latin-1 the text is UTF-8 (spec §3.2) and the writer must encode it; within, Node takes it as is.
          if (!/[^\x00-\xff]/.test(line)) expect(() => validateHeaderValue('x-a', line)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the request/response rule and the built-in modules\' rule agree on every value', () => {
    fc.assert(
      fc.property(fieldText, (candidate) => {
        const objects = (() => {
          try {
            checkHeaderValues('setHeader', 'x-a', candidate, realm);
            return true;
          } catch {
            return false;
          }
        })();
        const modules = (() => {
          try {
            checkModuleHeaderValue('x-a', candidate, 'createResponse()');
            return true;
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
            return false;
          }
        })();
        expect(objects).toBe(modules);
      }),
      { numRuns: 300 },
    );
  });

  // Shrunk counterexample of the two properties above: DEL passed the request/response rule, and
  // Node's http layer refuses it when the response is written.
  it('refuses DEL (0x7f) in a header value', () => {
    expect(() => checkHeaderValues('setHeader', 'x-a', 'a\x7f', realm)).toThrow(RealmTypeError);
  });
});
