export * from './limits.ts';
export * from './handlers.ts';
export * from './errors.ts';
export * from './host/invocation.ts';
export { collectGarbage } from './host/collect-garbage.ts';
export { IdTable } from './host/id-table.ts';
export { createHostServices, type HostServices, type HostServiceOptions } from './host/services.ts';
export { HostContext, type HostByteSource } from './host/host-context.ts';
export { linkHostRealm, awaitHostRealmCall } from './host/link-host-realm.ts';
export { invokeHandler } from './realm/handler-call.ts';
export type { Kernel } from './realm/kernel.ts';
export type { RawHost, RealmHooks } from './realm/raw-host.ts';
export type { CallArgs, CallExtrasWire, HandlerOutcome, RequestChanges, ResultWire, ErrorWire } from './realm/wire.ts';
export { decodeHeaderText, encodeHeaderText } from './realm/header-text.ts';
export { COMPACT_SEPARATOR } from './realm/wire.ts';
export * from './modules/index.ts';
export * from './objects/index.ts';
import { linkHostRealm } from './host/link-host-realm.ts';

// The modules this realm (the host's) loaded serve unit tests and tools; link them to a host.
linkHostRealm();
