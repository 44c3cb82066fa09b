/**
 * Header reading and writing over a HeaderList (spec §3.2), shared by the request object (where
 * the table of §2.2 allows it) and the response object (§4).
 */
import type { ErrorRealm } from './errors.ts';
import type { HeaderList } from './headerList.ts';
import { checkHeaderName, checkHeaderValues, internalHeaderWarning, isInternalHeader } from './headerRules.ts';

export interface HeaderTarget {
  headers: HeaderList;
  realm: ErrorRealm;
  warn(message: string): void;
}

export function getHeader(t: HeaderTarget, name: unknown): string[] | undefined {
  // decisions 2: a missing header (or a name that cannot exist) reads as undefined.
  return typeof name === 'string' ? t.headers.get(name) : undefined;
}

export function getHeaders(t: HeaderTarget): Record<string, string[]> {
  return t.headers.getAll();
}

type Change = 'setHeader' | 'addHeader';

export function changeHeader(t: HeaderTarget, member: Change, name: unknown, value: unknown): void {
  const checked = checkHeaderName(member, name, t.realm);
  const values = checkHeaderValues(member, checked, value, t.realm);
  if (isInternalHeader(checked)) {
    t.warn(internalHeaderWarning(member, checked));
    return;
  }
  if (member === 'setHeader') t.headers.set(checked, values);
  else t.headers.add(checked, values);
}

export function removeHeader(t: HeaderTarget, name: unknown): void {
  const checked = checkHeaderName('removeHeader', name, t.realm);
  if (isInternalHeader(checked)) {
    t.warn(internalHeaderWarning('removeHeader', checked));
    return;
  }
  t.headers.remove(checked);
}
