/** The CacheKey object of onClientRequest (spec §5): it records a policy; cacheKey.ts builds the key. */
import { describeValue } from '../errors.ts';
import type { ErrorRealm } from './errors.ts';
import { checkHeaderName } from './headerRules.ts';
import { getter, memo } from './internals.ts';
import type { CacheKeyPolicy } from './state.ts';
import type { CacheKey } from './types.ts';
import { isVariableName } from './variables.ts';

function checkName(realm: ErrorRealm, member: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new realm.TypeError(`cacheKey.${member}: name ${describeValue(name)} must be a non-empty string`);
  return name;
}

function addOnce(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}

export function createCacheKeyObject(policy: CacheKeyPolicy, realm: ErrorRealm): CacheKey {
  return Object.freeze({
    excludeQueryString(): void {
      policy.query = 'exclude';
    },
    includeQueryString(): void {
      policy.query = 'include';
    },
    // spec §5: switches to allow-list mode, whatever the order of the query-string calls.
    includeQueryArgument(name: string): void {
      addOnce(policy.queryArgs, checkName(realm, 'includeQueryArgument', name));
    },
    includeCookie(name: string): void {
      addOnce(policy.cookies, checkName(realm, 'includeCookie', name));
    },
    includeHeader(name: string): void {
      addOnce(policy.headers, checkHeaderName('cacheKey.includeHeader', name, realm));
    },
    includeVariable(name: string): void {
      if (!isVariableName(name)) {
        throw new realm.TypeError(`cacheKey.includeVariable: name ${describeValue(name)} is not a PM user variable; names must start with PMUSER_ and be upper-case (spec §5)`);
      }
      addOnce(policy.variables, name);
    },
  });
}

export const cacheKeyMembers: PropertyDescriptorMap = {
  cacheKey: getter('cacheKey', (i) => memo(i, 'cacheKey', () => createCacheKeyObject(i.state.cacheKeyPolicy, i.realm))),
};
