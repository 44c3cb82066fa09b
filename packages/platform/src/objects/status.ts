/** The status rule shared by respondWith and response.status (spec §3.4, §4; decisions 5, 12). */
import { describeValue } from '../errors.ts';
import type { ErrorRealm } from './errors.ts';

export function checkStatus(member: string, status: unknown, realm: ErrorRealm): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new realm.RangeError(`${member}: status ${describeValue(status)} is not allowed; use an integer from 200 to 599`);
  }
  return status;
}
