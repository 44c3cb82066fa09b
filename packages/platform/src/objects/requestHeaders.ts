/** Request header members (spec §3.2): readers everywhere, mutators where §2.2 allows them. */
import type { HeaderTarget } from './headerMethods.ts';
import { changeHeader, getHeader, getHeaders, removeHeader } from './headerMethods.ts';
import { method, type RequestInternals, warn } from './internals.ts';

function target(i: RequestInternals): HeaderTarget {
  return { headers: i.state.headers, realm: i.realm, warn: (message) => warn(i, message) };
}

export const headerReaders: PropertyDescriptorMap = {
  getHeader: method('getHeader', (i, name) => getHeader(target(i), name)),
  getHeaders: method('getHeaders', (i) => getHeaders(target(i))),
};

export const headerMutators: PropertyDescriptorMap = {
  setHeader: method('setHeader', (i, name, value) => changeHeader(target(i), 'setHeader', name, value)),
  addHeader: method('addHeader', (i, name, value) => changeHeader(target(i), 'addHeader', name, value)),
  removeHeader: method('removeHeader', (i, name) => removeHeader(target(i), name)),
};
