/**
 * The entry of the script the runtime evaluates in every worker realm, before the worker's own code:
 * the built-in modules, the request objects and the glue to the host, all built from that realm's
 * intrinsics. `install` links the host (raw-host.ts) and returns the functions the host may call,
 * each taking and returning primitives (plus, for `load`, the bundle's exports object, which stays
 * in the realm).
 */
import { HANDLER_NAMES, type HandlerName } from '../handlers.ts';
import { builtinModule } from '../modules/index.ts';
import { invokeHandler, describeError } from './handler-call.ts';
import { hooks, linkHost } from './host-link.ts';
import { cancel, pull } from './outgoing.ts';
import { encodeWire } from './encode.ts';
import { installStackView } from './stack-view.ts';
import { MapGet, MapSet, ObjectFreeze, SafeMap, StringCtor } from './primordials.ts';
import type { RawHost, RealmHooks } from './raw-host.ts';
import type { CallArgs } from './wire.ts';

export interface Kernel extends RealmHooks {
  /** The namespace of a built-in module (the bundle's imports), made in this realm. */
  builtin(name: string): Record<string, unknown> | undefined;
  /** Takes the bundle's exports; answers with the exported handler names, comma-separated. */
  load(exports: unknown): string;
  /** Runs handler `name` with the call's arguments (wire.ts CallArgs); the outcome JSON, or '' when it settles later. */
  invoke(callId: number, name: string, ...args: CallArgs): string;
  /** Describes something worker code threw (outside a handler call: top-level code) as outcome JSON. */
  describe(thrown: unknown): string;
  pull(id: number): void;
  cancel(id: number, reason: string): void;
}

/** `scriptName`: the file name the worker's compiled bundle runs under (its frames are the ones worker code sees). */
export function install(raw: RawHost, scriptName: string): Kernel {
  linkHost(raw);
  installStackView(StringCtor(scriptName));
  const handlers = new SafeMap<string, (...args: unknown[]) => unknown>();
  const deliver = hooks.deliver;
  return ObjectFreeze({
    deliver,
    builtin: (name: string) => builtinModule(StringCtor(name)),
    load(exports: unknown): string {
      const names: string[] = [];
      if (typeof exports !== 'object' || exports === null) return '';
      for (const name of HANDLER_NAMES) {
        const fn: unknown = (exports as Record<string, unknown>)[name];
        if (typeof fn === 'function') {
          MapSet(handlers as Map<unknown, unknown>, name, fn);
          names.push(name);
        }
      }
      return names.join(',');
    },
    invoke(callId: number, name: string, ...args: CallArgs): string {
      const fn = MapGet(handlers as Map<unknown, unknown>, name) as ((...args: unknown[]) => unknown) | undefined;
      if (fn === undefined) return encodeWire({ ok: false, error: describeError(new TypeError(`${StringCtor(name)} is not exported`)), warnings: [] });
      return invokeHandler(fn, callId, name as HandlerName, args);
    },
    describe: (thrown: unknown) => encodeWire({ ok: false, error: describeError(thrown), warnings: [] }),
    pull,
    cancel,
  });
}
