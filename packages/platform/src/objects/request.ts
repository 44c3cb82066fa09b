/**
 * The request object of each handler (spec §2.2): one frozen prototype per handler holds exactly
 * the members that handler has, chosen by reading the handler's facts (handlers.ts), so a member a
 * handler lacks is absent (`'setHeader' in request === false`).
 */
import { type HandlerFacts, type HandlerName, HANDLER_NAMES, HANDLERS } from '../handlers.ts';
import { bodyMembers } from './body.ts';
import { botScoreMembers } from './botScoreMember.ts';
import { cacheKeyMembers } from './cacheKeyObject.ts';
import { construct, defaultRealm, requestClass, type ObjectInvocation, type RequestClass } from './internals.ts';
import { requestProperties } from './requestProperties.ts';
import { headerMutators, headerReaders } from './requestHeaders.ts';
import { respondWithMembers } from './respondWith.ts';
import { routeMembers } from './route.ts';
import { createInvocationState, type RequestState } from './state.ts';
import type { RequestByHandler } from './types.ts';
import { variableReaders, variableWriters } from './variables.ts';

type Fact = 'canMutateHeaders' | 'canSetVariables' | 'canRespondWith' | 'canRoute' | 'hasCacheKey' | 'hasBotScore' | 'canReadBody';

/** The rows of the §2.2 table: a group of members and the fact that makes a handler have them. */
const MEMBER_GROUPS: ReadonlyArray<{ fact: Fact | 'always'; members: PropertyDescriptorMap }> = [
  { fact: 'always', members: requestProperties },
  { fact: 'always', members: headerReaders },
  { fact: 'always', members: variableReaders },
  { fact: 'canMutateHeaders', members: headerMutators },
  { fact: 'canSetVariables', members: variableWriters },
  { fact: 'canRespondWith', members: respondWithMembers },
  { fact: 'canRoute', members: routeMembers },
  { fact: 'hasCacheKey', members: cacheKeyMembers },
  { fact: 'hasBotScore', members: botScoreMembers },
  { fact: 'canReadBody', members: bodyMembers },
];

/** A class per handler whose `prototype` holds that handler's members (see requestClass()). */
function buildConstructor(facts: HandlerFacts): RequestClass {
  const descriptors: PropertyDescriptorMap = {
    [Symbol.toStringTag]: { value: 'Request', configurable: false, enumerable: false, writable: false },
  };
  for (const group of MEMBER_GROUPS) {
    if (group.fact === 'always' || facts[group.fact]) Object.assign(descriptors, group.members);
  }
  // Frozen: the prototype is shared by every request, so worker code must not be able to patch it.
  return requestClass(descriptors);
}

// Built when this module loads, before any worker code runs: property descriptors are read as
// ordinary objects, so a worker's getters on its Object.prototype ('get', 'set') could spoil them.
const constructors = new Map<HandlerName, RequestClass>(HANDLER_NAMES.map((name) => [name, buildConstructor(HANDLERS[name])]));

function constructorOf(handler: HandlerName): RequestClass {
  return constructors.get(handler) as RequestClass;
}

/** The member names a handler's request object has, in table order (for tests and docs). */
export function requestMembers(handler: HandlerName): string[] {
  return Object.keys(Object.getOwnPropertyDescriptors(constructorOf(handler).prototype));
}

/**
 * A request object for one handler invocation over the shared request state. Changes it is allowed
 * to make go straight into `state`; the runtime decides which later stages see that state.
 */
export function createRequest<H extends HandlerName>(handler: H, state: RequestState, invocation: ObjectInvocation): RequestByHandler[H] {
  const request = construct(constructorOf(handler), {
    handler: HANDLERS[handler],
    state,
    invocation,
    run: invocation.state ?? createInvocationState(),
    realm: defaultRealm(invocation),
    cache: undefined,
  });
  return request as RequestByHandler[H];
}
