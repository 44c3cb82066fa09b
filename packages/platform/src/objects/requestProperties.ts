/** The read-only properties every handler's request has (spec §2.2 first row, §3.1). */
import { getter } from './internals.ts';

export const requestProperties: PropertyDescriptorMap = {
  host: getter('host', (i) => i.state.host),
  method: getter('method', (i) => i.state.method),
  path: getter('path', (i) => i.state.path),
  scheme: getter('scheme', (i) => i.state.scheme),
  query: getter('query', (i) => i.state.query),
  // spec §3.1: path plus "?query" only when there is a query.
  url: getter('url', (i) => (i.state.query === '' ? i.state.path : `${i.state.path}?${i.state.query}`)),
  cpCode: getter('cpCode', (i) => i.state.cpCode),
  clientIp: getter('clientIp', (i) => i.state.clientIp),
  userLocation: getter('userLocation', (i) => i.state.userLocation),
  device: getter('device', (i) => i.state.device),
};
