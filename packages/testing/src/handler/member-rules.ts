/**
 * What a TypeError of a handler means when it comes from a request member the handler does not
 * have (spec §2.2: the member is absent, so calling it is "not a function") or from assigning a
 * read-only property (spec §3.1). The edge throws the same TypeError; a test gets it explained,
 * with the TypeError as the cause. Which handler has which member is read from the platform's
 * request objects themselves (requestMembers), so these rules cannot drift from the runtime's.
 */
import { HANDLER_NAMES, requestMembers, type HandlerName } from '@weft/platform';
import { HandlerMemberError } from '../errors.ts';

const HOLDERS = new Map<string, HandlerName[]>();
for (const handler of HANDLER_NAMES) {
  for (const member of requestMembers(handler)) HOLDERS.set(member, [...(HOLDERS.get(member) ?? []), handler]);
}

/** Members of the sub-objects a handler may lack: reading them from `undefined` names the owner. */
const OWNER_OF: Readonly<Record<string, string>> = {
  excludeQueryString: 'cacheKey', includeQueryString: 'cacheKey', includeQueryArgument: 'cacheKey',
  includeCookie: 'cacheKey', includeHeader: 'cacheKey', includeVariable: 'cacheKey',
  responseSegment: 'botScore', getReader: 'body', pipeTo: 'body', pipeThrough: 'body',
};

/** What to do instead, by member; the list of handlers that have it is added to every message. */
const INSTEAD: Readonly<Record<string, string>> = {
  setHeader: 'in onOriginResponse and onClientResponse, change the response headers (response.setHeader) instead',
  addHeader: 'in onOriginResponse and onClientResponse, change the response headers (response.addHeader) instead',
  removeHeader: 'in onOriginResponse and onClientResponse, change the response headers (response.removeHeader) instead',
  respondWith: 'responseProvider answers by resolving with createResponse() from "create-response"',
  wasTerminated: 'responseProvider answers by resolving with createResponse() from "create-response"',
  setVariable: 'responseProvider can read variables but not set them; set them in onClientRequest',
  route: 'choose the origin in onClientRequest',
  cacheKey: 'change the cache key in onClientRequest',
  botScore: 'read the bot segment in onBotSegmentAvailable',
  body: 'the client body reaches responseProvider only (spec §2.3 rule 8)',
  text: 'the client body reaches responseProvider only (spec §2.3 rule 8)',
  json: 'the client body reaches responseProvider only (spec §2.3 rule 8)',
  arrayBuffer: 'the client body reaches responseProvider only (spec §2.3 rule 8)',
};

const READ_ONLY: Readonly<Record<string, string>> = {
  path: 'to send the request to another path, call request.route({ path }) in onClientRequest',
  query: 'to send another query, call request.route({ query }) in onClientRequest',
  url: 'to send the request elsewhere, call request.route({ path, query }) in onClientRequest',
  host: 'to change the Host header the origin sees, call request.setHeader("Host", ...) in onClientRequest or onOriginRequest',
};

function missingMember(message: string): string | undefined {
  const notFunction = /(?:^|\.)([A-Za-z]+) is not a function/.exec(message)?.[1];
  if (notFunction !== undefined) return notFunction;
  const reading = /Cannot read properties of (?:undefined|null) \(reading '([A-Za-z]+)'\)/.exec(message)?.[1];
  return reading === undefined ? undefined : OWNER_OF[reading];
}

/** The HandlerMemberError that explains `error`, or undefined when it is not such a mistake. */
export function explainMemberError(handler: HandlerName, error: unknown): HandlerMemberError | undefined {
  if (!(error instanceof TypeError)) return undefined;
  const assigned = /Cannot set property ([A-Za-z]+) of #<\w+> which has only a getter/.exec(error.message)?.[1];
  if (assigned !== undefined && HOLDERS.has(assigned)) {
    const instead = READ_ONLY[assigned];
    return new HandlerMemberError(assigned, `${handler} assigned request.${assigned}, which is read-only (spec §3.1)${instead === undefined ? '' : `; ${instead}`}. At the edge this throws: TypeError: ${error.message}`, error);
  }
  const member = missingMember(error.message);
  const holders = member === undefined ? undefined : HOLDERS.get(member);
  if (member === undefined || holders === undefined || holders.includes(handler)) return undefined;
  const instead = INSTEAD[member];
  return new HandlerMemberError(
    member,
    `${handler} used request.${member}, which the ${handler} request does not have (spec §2.2); only ${holders.join(', ')} ${holders.length === 1 ? 'has' : 'have'} it${instead === undefined ? '' : `; ${instead}`}. At the edge this throws: TypeError: ${error.message}`,
    error,
  );
}
