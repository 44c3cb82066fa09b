/**
 * Links the copy of the platform modules that the host realm itself loaded (imports of
 * '@weft/platform' in unit tests and tools) to a host, as the runtime links each worker realm's copy.
 * Tests that run handler functions of the host realm (the pipeline's module sandbox) await their
 * calls with `awaitHostRealmCall`.
 */
import { hooks, isLinked, linkHost } from '../realm/host-link.ts';
import { IdTable } from './id-table.ts';
import { cancel, pull } from '../realm/outgoing.ts';
import { createHostServices, type HostServices } from './services.ts';

let services: HostServices | undefined;
const waiting = new IdTable<(outcome: string) => void>();

export function linkHostRealm(): HostServices {
  if (services !== undefined && isLinked()) return services;
  services = createHostServices({
    onSettled(callId, outcome) {
      const resolve = waiting.get(callId);
      waiting.delete(callId);
      resolve?.(outcome);
    },
  });
  linkHost(services.raw);
  services.ctx.attach(hooks, { pull, cancel });
  return services;
}

/** The outcome JSON of a host-realm handler call that returned '' (it settles later). */
export function awaitHostRealmCall(callId: number): Promise<string> {
  return new Promise((resolve) => waiting.set(callId, resolve));
}
