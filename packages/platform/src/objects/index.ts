// Request and Response objects of each handler (spec §2.2, §3–§8), and the per-request state behind them.
export { HeaderList, type HeaderInit } from './headerList.ts';
export {
  createRequestState,
  cloneRequestState,
  createInvocationState,
  defaultCacheKeyPolicy,
  type RequestState,
  type RequestStateInit,
  type ResponseState,
  type RespondWithRecord,
  type InvocationState,
  type RouteState,
  type CacheKeyPolicy,
  type RequestBodyUse,
} from './state.ts';
export { createRequest, requestMembers } from './request.ts';
export { createResponseObject, type ResponseInvocation } from './response.ts';
export { objectInvocationFor, type ObjectInvocation } from './internals.ts';
export { buildCacheKey, type CacheKeyOptions } from './cacheKey.ts';
export { buildUserLocation, emptyUserLocation, USER_LOCATION_FIELDS, type UserLocation, type FieldPairs } from './location.ts';
export { buildDevice, emptyDevice, DEVICE_FIELDS, type Device } from './device.ts';
export { BOT_SEGMENTS, createBotScore, isBotSegment, parseBotSegment, type BotSegment, type BotScore, type BotScoreResponseSegment } from './botScore.ts';
export { checkHeaderName, checkHeaderValues, isInternalHeader } from './headerRules.ts';
export { checkStatus } from './status.ts';
export {
  HOST_REALM,
  VariableBudgetError,
  RespondWithBodyLimitError,
  RequestBodyLimitError,
  SimulationValueError,
  toRealm,
  type ErrorRealm,
} from './errors.ts';
export type {
  HeaderValue,
  RespondWithHeaders,
  Destination,
  CacheKey,
  RequestByHandler,
  IngressClientRequest,
  BotSegmentAvailableRequest,
  IngressOriginRequest,
  EgressOriginRequest,
  EgressClientRequest,
  ResponseProviderRequest,
  ResponseObject,
  EgressOriginResponse,
  EgressClientResponse,
} from './types.ts';
