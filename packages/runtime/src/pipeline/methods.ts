/**
 * Which methods run handlers (spec §2.4, decision 10): GET, HEAD, POST, PUT, PATCH and DELETE run
 * every handler; OPTIONS only with `PMUSER_EW_ENABLE_OPTIONS=true`; CONNECT, TRACE (and anything
 * else) never run one: the request goes to the origin untouched.
 */
const HANDLER_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function handlersRunFor(method: string, variables: ReadonlyMap<string, string>): boolean {
  if (HANDLER_METHODS.has(method)) return true;
  if (method === 'OPTIONS') return variables.get('PMUSER_EW_ENABLE_OPTIONS') === 'true';
  return false;
}

/** A variable set to "true" skips its handler (spec §2.5), including one the worker set itself. */
export function isBypassed(variables: ReadonlyMap<string, string>, bypassVariable: string): boolean {
  return variables.get(bypassVariable) === 'true';
}
