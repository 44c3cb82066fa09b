/**
 * The public shape of each handler's request object and of the response object (spec §2.2, §3, §4),
 * composed from capabilities the way @types/akamai-edgeworkers composes them. Weft deviates from
 * those typings only where docs/decisions.md settles a documented conflict: a missing header is
 * `undefined` (decisions 2, not `null`), and userLocation/device are `null` under the
 * no-entitlement option (decisions 3, as the docs say).
 */
import type { BotScore } from './botScore.ts';
import type { Device } from './device.ts';
import type { UserLocation } from './location.ts';

export type HeaderValue = string | readonly string[];

export interface RequestProperties {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly scheme: string;
  readonly query: string;
  readonly url: string;
  readonly cpCode: number;
  readonly clientIp: string;
  readonly userLocation: UserLocation | null;
  readonly device: Device | null;
}

export interface HeaderReads {
  getHeader(name: string): string[] | undefined;
  getHeaders(): Record<string, string[]>;
}

export interface HeaderWrites {
  setHeader(name: string, value: HeaderValue): void;
  addHeader(name: string, value: HeaderValue): void;
  removeHeader(name: string): void;
}

export interface VariableReads {
  getVariable(name: string): string | undefined;
}

export interface VariableWrites {
  setVariable(name: string, value: string): void;
}

export type RespondWithHeaders = Readonly<Record<string, HeaderValue>>;

export interface RespondWith {
  respondWith(status: number, headers: RespondWithHeaders, body: string, deny_reason?: string): void;
  wasTerminated(): boolean;
}

/** spec §3.5 */
export interface Destination {
  origin?: string | undefined;
  path?: string | undefined;
  query?: string | undefined;
}

export interface Routes {
  route(destination: Destination): void;
}

/** spec §5 */
export interface CacheKey {
  excludeQueryString(): void;
  includeQueryString(): void;
  includeQueryArgument(name: string): void;
  includeCookie(name: string): void;
  includeHeader(name: string): void;
  includeVariable(name: string): void;
}

export interface HasCacheKey {
  readonly cacheKey: CacheKey;
}

export interface HasBotScore {
  readonly botScore: BotScore;
}

/** spec §3.6 */
export interface BodyReads {
  readonly body: ReadableStream<Uint8Array>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

type Common = RequestProperties & HeaderReads & VariableReads;

export interface IngressClientRequest extends Common, HeaderWrites, VariableWrites, RespondWith, Routes, HasCacheKey {}
export interface BotSegmentAvailableRequest extends Common, VariableWrites, RespondWith, HasBotScore {}
export interface IngressOriginRequest extends Common, HeaderWrites, VariableWrites, RespondWith {}
export interface EgressOriginRequest extends Common, VariableWrites, RespondWith {}
export interface EgressClientRequest extends Common, VariableWrites, RespondWith {}
export interface ResponseProviderRequest extends Common, BodyReads {}

/** The request object each handler receives. */
export interface RequestByHandler {
  onClientRequest: IngressClientRequest;
  onBotSegmentAvailable: BotSegmentAvailableRequest;
  onOriginRequest: IngressOriginRequest;
  onOriginResponse: EgressOriginRequest;
  onClientResponse: EgressClientRequest;
  responseProvider: ResponseProviderRequest;
}

/** spec §4: the response object of onOriginResponse and onClientResponse. */
export interface ResponseObject extends HeaderReads, HeaderWrites {
  status: number;
}
export type EgressOriginResponse = ResponseObject;
export type EgressClientResponse = ResponseObject;
