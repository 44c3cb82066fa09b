/**
 * The host half of `http-request` (SubrequestHost in ../host-api.ts): sub-requests on undici
 * through the invocation's dispatcher, each answered through a ticket of the realm's HostContext.
 * Deliveries always come after the call that started them returns (a MockAgent may answer inside
 * `dispatch`), and carry primitives only: the head as JSON, the body as a host byte source id.
 */
import { TextDecoder } from 'node:util';
import type { HostContext } from '../../../host/host-context.ts';
import { currentInvocation } from '../../../host/invocation.ts';
import { bufferedLimitError } from '../errors.ts';
import type { ResponseHead, SubrequestHost } from '../host-api.ts';
import type { SubrequestBody } from './body-source.ts';
import { BodyRegistry } from './bodies.ts';
import type { ExchangeOutcome } from './exchange.ts';
import { readWirePlan } from './request-plan.ts';
import { requireInvocation, startSubrequest } from './start.ts';

export { BODY_HIGH_WATER_BYTES, SubrequestBody } from './body-source.ts';

/** One-shot decodes hold no state, so a single decoder serves every buffered read. */
const UTF8 = new TextDecoder();

const registries = new WeakMap<HostContext, BodyRegistry>();

/** The body behind source `id` of a realm's HostContext, for host-side diagnostics and tests. */
export function subrequestBodyOf(ctx: HostContext, id: number): SubrequestBody | undefined {
  return registries.get(ctx)?.get(id);
}

function decode(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

export function createSubrequestHost(ctx: HostContext): SubrequestHost {
  const bodies = new BodyRegistry(ctx);
  registries.set(ctx, bodies);

  function outcomeFor(ticket: number): ExchangeOutcome {
    return {
      headers(status, headers, body) {
        const head: ResponseHead = { status, headers: headers as ResponseHead['headers'], body: bodies.add(body), limit: body.bufferedLimit ?? null };
        const json = JSON.stringify(head);
        queueMicrotask(() => ctx.resolve(ticket, json));
      },
      failed(error) {
        queueMicrotask(() => ctx.reject(ticket, error));
      },
    };
  }

  return {
    subrequestStart(url, method, headers, bodyKind, body, timeoutMs) {
      const invocation = requireInvocation();
      if (typeof url !== 'string') throw new TypeError('httpRequest(): the platform module passed a malformed url to the host');
      const plan = readWirePlan(ctx, method, headers, bodyKind, body, timeoutMs);
      const ticket = ctx.ticket();
      startSubrequest(invocation, url, plan, outcomeFor(ticket));
      return ticket;
    },
    subrequestText(source) {
      const body = typeof source === 'number' ? bodies.get(source) : undefined;
      if (body === undefined) throw new TypeError(`httpResponse.text(): no response body ${String(source)} on the host`);
      let work: Promise<string>;
      try {
        const bytes = body.readAll(bufferedLimitError);
        work = bytes instanceof Uint8Array ? Promise.resolve(decode(bytes)) : bytes.then(decode);
      } catch (error) {
        work = Promise.reject(error);
      }
      const ticket = ctx.ticket();
      // Settles after this call returns; the realm reads this body no more either way.
      ctx.settle(ticket, work.finally(() => bodies.release(source)));
      return ticket;
    },
    subrequestRelease(source) {
      if (typeof source === 'number') bodies.release(source);
    },
    subrequestActive() {
      return currentInvocation() !== undefined;
    },
  };
}
