/** Handler names as a test gives them: checked at run time too, for JavaScript tests and computed names. */
import { HANDLER_NAMES, HANDLERS, type HandlerName } from '@weft/platform';
import { TestingError } from '../errors.ts';
import { hint } from '../suggest.ts';

/** The handlers that receive a response object as their second argument (spec §2.1). */
export type ResponseHandlerName = 'onOriginResponse' | 'onClientResponse';

export function checkHandlerName(name: unknown, where: string): HandlerName {
  const known = HANDLER_NAMES.find((handler) => handler === name);
  if (known !== undefined) return known;
  if (typeof name !== 'string') throw new TestingError(`${where}: the handler name must be a string such as "onClientRequest"; got ${typeof name}`);
  throw new TestingError(`${where}: "${name}" is not an EdgeWorkers event handler${hint(name, HANDLER_NAMES)}`);
}

export function checkResponseHandler(name: unknown, where: string): ResponseHandlerName {
  const handler = checkHandlerName(name, where);
  if (handler === 'onOriginResponse' || handler === 'onClientResponse') return handler;
  const instead = handler === 'responseProvider' ? '; responseProvider builds its response with createResponse() instead' : '';
  throw new TestingError(`${where}: ${handler} has no response object; only onOriginResponse and onClientResponse receive one (spec §2.1)${instead}`);
}

export function hasResponse(name: HandlerName): boolean {
  return HANDLERS[name].hasResponse;
}
