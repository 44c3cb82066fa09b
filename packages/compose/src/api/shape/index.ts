// Shape helpers for merge functions (typed counterparts of KrakenD's allow/deny, mapping, flatmap).
export { pick, omit } from './pick.ts';
export { rename, type Renamed } from './rename.ts';
export { group, indexBy } from './group.ts';
export { flatten, type Flattened } from './flatten.ts';
