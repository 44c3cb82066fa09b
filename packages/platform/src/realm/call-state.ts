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
import { JSONParse, ObjectFreeze, ObjectHasOwn } from './primordials.ts';
import type { CallArgs, CallExtrasWire } from './wire.ts';

function fields<T>(names: readonly string[], values: Record<string, unknown> | null): T | null {
  if (values === null) return null;
  const out: Record<string, unknown> = {};
  // An absent field is undefined (decisions 3), whatever the JSON carried for it.
  for (const name of names) out[name] = ObjectHasOwn(values, name) ? values[name] ?? undefined : undefined;
  return ObjectFreeze(out) as T;
}

/**
 * The request state one handler call works on, built from the wire. The geo and device records are
 * parsed and built on first read (most handlers never look), by accessors on the class, not
 * per-call closures.
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
  /** The geo and device records' JSON, until first read. */
  #userLocationJson: string;
  #deviceJson: string;
  #userLocation: UserLocation | null | undefined;
  #device: Device | null | undefined;

  // By index, not destructuring: array destructuring runs the (patchable) array iterator.
  constructor(wire: CallArgs, variables: Array<[string, string]>, extras: CallExtrasWire) {
    this.method = wire[0];
    this.scheme = wire[1];
    this.host = wire[2];
    this.path = wire[3];
    this.query = wire[4];
    this.cpCode = wire[5];
    this.clientIp = wire[6];
    if (wire[7] !== '') this.sensitiveVariables = new Set(JSONParse(wire[7]) as string[]);
    this.#userLocationJson = wire[8];
    this.#deviceJson = wire[9];
    // Decoded when the handler first reads or changes them (many never do).
    this.headers = HeaderList.fromText(wire[10]);
    this.originalHeaders = this.headers;
    this.variables = new Map(variables);
    // Sent only to the handlers that route or have a cache key (the others never read them).
    this.route = own(extras, 'route') ?? {};
    this.cacheKeyPolicy = own(extras, 'cacheKeyPolicy') ?? defaultCacheKeyPolicy();
    this.botSegment = own(extras, 'botSegment');
    const bodySource = wire[15];
    this.body = bodySource === 0 ? null : (hostSourceStream(bodySource) as unknown as ReadableStream<Uint8Array>);
    const bodyUse = own(extras, 'bodyUse');
    if (bodyUse !== undefined) this.bodyUse = bodyUse;
  }

  get userLocation(): UserLocation | null {
    if (this.#userLocation === undefined) this.#userLocation = fields<UserLocation>(USER_LOCATION_FIELDS, JSONParse(this.#userLocationJson) as Record<string, unknown> | null);
    return this.#userLocation;
  }

  set userLocation(value: UserLocation | null) {
    this.#userLocation = value;
  }

  get device(): Device | null {
    if (this.#device === undefined) this.#device = fields<Device>(DEVICE_FIELDS, JSONParse(this.#deviceJson) as Record<string, unknown> | null);
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
