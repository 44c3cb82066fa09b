/**
 * The request state one handler call works on inside the realm, built from what the host sent
 * (wire.ts): the request's facts (parsed once per text), the header lists, the variables and the
 * call's rarer parts.
 */
import { DEVICE_FIELDS, type Device } from '../objects/device.ts';
import { HeaderList } from '../objects/headerList.ts';
import { USER_LOCATION_FIELDS, type UserLocation } from '../objects/location.ts';
import { defaultCacheKeyPolicy, type CacheKeyPolicy, type RequestBodyUse, type RequestState, type RouteState } from '../objects/state.ts';
import type { BotSegment } from '../objects/botScore.ts';
import { hostSourceStream } from './host-source.ts';
import { JSONParse, MapGet, MapSet, ObjectFreeze, ObjectHasOwn, SafeMap } from './primordials.ts';
import type { CallExtrasWire, RequestFactsWire } from './wire.ts';

function fields<T>(names: readonly string[], values: Record<string, unknown> | null): T | null {
  if (values === null) return null;
  const out: Record<string, unknown> = {};
  // An absent field is undefined (decisions 3), whatever the JSON carried for it.
  for (const name of names) out[name] = ObjectHasOwn(values, name) ? values[name] ?? undefined : undefined;
  return ObjectFreeze(out) as T;
}

/** Request facts by their text: a request's calls send the same text, which is parsed once. */
const factsByText = new SafeMap<string, RequestFactsWire>();
/** Requests in flight at once are few; past this many texts the cache starts over. */
const FACTS_KEPT = 256;

export function parseFacts(text: string): RequestFactsWire {
  const known = MapGet(factsByText as Map<unknown, unknown>, text) as RequestFactsWire | undefined;
  if (known !== undefined) return known;
  if (factsByText.size >= FACTS_KEPT) factsByText.clear();
  const facts = JSONParse(text) as RequestFactsWire;
  MapSet(factsByText as Map<unknown, unknown>, text, facts);
  return facts;
}

/**
 * The request state one handler call works on, built from the wire. The geo and device records are
 * built on first read (most handlers never look), by accessors on the class, not per-call closures.
 */
export class CallState implements RequestState {
  // `declare`: the constructor assigns each field once (a plain field declaration would first define it as undefined).
  declare method: string;
  declare scheme: string;
  declare host: string;
  declare path: string;
  declare query: string;
  declare cpCode: number;
  declare clientIp: string;
  declare headers: HeaderList;
  // Only the host's cache key reads the original headers; the realm's objects never do.
  declare originalHeaders: HeaderList;
  declare variables: Map<string, string>;
  declare sensitiveVariables?: ReadonlySet<string>;
  declare route: RouteState;
  declare cacheKeyPolicy: CacheKeyPolicy;
  declare botSegment: BotSegment | undefined;
  declare body: ReadableStream<Uint8Array> | null;
  declare bodyUse?: RequestBodyUse;
  #facts: RequestFactsWire;
  #userLocation: UserLocation | null | undefined;
  #device: Device | null | undefined;

  constructor(facts: RequestFactsWire, headers: string[], variables: Array<[string, string]>, extras: CallExtrasWire, bodySource: number) {
    this.#facts = facts;
    this.method = facts.method;
    this.scheme = facts.scheme;
    this.host = facts.host;
    this.path = facts.path;
    this.query = facts.query;
    this.cpCode = facts.cpCode;
    this.clientIp = facts.clientIp;
    this.headers = HeaderList.fromRaw(headers);
    this.originalHeaders = this.headers;
    this.variables = new Map(variables);
    if (facts.sensitiveVariables != null) this.sensitiveVariables = new Set(facts.sensitiveVariables);
    // Sent only to the handlers that route or have a cache key (the others never read them).
    this.route = own(extras, 'route') ?? {};
    this.cacheKeyPolicy = own(extras, 'cacheKeyPolicy') ?? defaultCacheKeyPolicy();
    this.botSegment = own(extras, 'botSegment');
    this.body = bodySource === 0 ? null : (hostSourceStream(bodySource) as unknown as ReadableStream<Uint8Array>);
    const bodyUse = own(extras, 'bodyUse');
    if (bodyUse !== undefined) this.bodyUse = bodyUse;
  }

  get userLocation(): UserLocation | null {
    if (this.#userLocation === undefined) this.#userLocation = fields<UserLocation>(USER_LOCATION_FIELDS, this.#facts.userLocation);
    return this.#userLocation;
  }

  set userLocation(value: UserLocation | null) {
    this.#userLocation = value;
  }

  get device(): Device | null {
    if (this.#device === undefined) this.#device = fields<Device>(DEVICE_FIELDS, this.#facts.device);
    return this.#device;
  }

  set device(value: Device | null) {
    this.#device = value;
  }
}

/** An extra the host sent, read as an own property only (never a getter on the worker's Object.prototype). */
export function own<K extends keyof CallExtrasWire>(extras: CallExtrasWire, key: K): CallExtrasWire[K] | undefined {
  return ObjectHasOwn(extras, key) ? extras[key] : undefined;
}
