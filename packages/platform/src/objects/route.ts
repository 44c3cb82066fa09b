/** request.route (spec §3.5): where the forward request goes; onClientRequest only. */
import { describeValue } from '../errors.ts';
import { method, type RequestInternals, warn } from './internals.ts';

const FIELDS = ['origin', 'path', 'query'] as const;

function route(i: RequestInternals, destination: unknown): void {
  if (typeof destination !== 'object' || destination === null || Array.isArray(destination)) {
    throw new i.realm.TypeError(`route: destination ${describeValue(destination)} must be an object with origin, path and/or query`);
  }
  const given = destination as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(FIELDS as readonly string[]).includes(key)) warn(i, `route: unknown field ${describeValue(key)} ignored; valid fields are ${FIELDS.join(', ')} (spec §3.5)`);
  }
  const present = FIELDS.filter((field) => given[field] !== undefined);
  if (present.length === 0) {
    throw new i.realm.TypeError('route: destination must set at least one of origin, path, query (spec §3.5)');
  }
  for (const field of present) {
    if (typeof given[field] !== 'string') throw new i.realm.TypeError(`route: ${field} ${describeValue(given[field])} must be a string`);
  }
  const { origin, path, query } = given as { origin?: string; path?: string; query?: string };
  if (origin !== undefined && origin === '') throw new i.realm.TypeError('route: origin "" must name a configured origin id');
  if (path !== undefined && !path.startsWith('/')) throw new i.realm.TypeError(`route: path ${describeValue(path)} must start with "/" (spec §3.5)`);
  if (query !== undefined && query.startsWith('?')) throw new i.realm.TypeError(`route: query ${describeValue(query)} must not start with "?" (spec §3.5: the query string without "?")`);
  // [INFERRED] spec §3.5: a later call replaces only the fields it gives.
  if (origin !== undefined) i.state.route.origin = origin;
  if (path !== undefined) i.state.route.path = path;
  if (query !== undefined) i.state.route.query = query;
}

export const routeMembers: PropertyDescriptorMap = {
  route: method('route', (i, destination) => route(i, destination)),
};
