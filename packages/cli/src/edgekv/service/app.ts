/**
 * The local EdgeKV service as a Hono app: it answers the sub-requests Akamai's `edgekv.js` sends
 * (docs/edgekv.md). Order of checks: names, sandbox id, simulated failure, token, then the
 * operation, so a simulated outage hides every other answer as a real one would.
 */
import { Hono, type Context } from 'hono';
import { EDGEKV_AUTH_HEADER, EDGEKV_AUTH_REF_HEADER, type EdgeKvItemRef } from '@weft/runtime';
import type { EdgeKvConfig, EdgeKvFailureRule } from '../config.ts';
import { nameProblem, SANDBOX_ID } from '../names.ts';
import type { EdgeKvKey, EdgeKvStore } from '../store/store.ts';
import { checkToken } from '../tokens.ts';
import { problem, valueReply } from './replies.ts';
import { EventualConsistency, FailureSimulator } from './simulation.ts';

export interface EdgeKvAppOptions {
  store: EdgeKvStore;
  config: EdgeKvConfig;
  /** Clock for token expiry and the consistency window; default Date.now. */
  now?: () => number;
  /** For failure rules with a `rate`; default Math.random. */
  random?: () => number;
}

const ITEM_ROUTE = '/api/v1/namespaces/:namespace/groups/:group/items/:item';

function refOf(c: Context): EdgeKvItemRef {
  return { namespace: c.req.param('namespace') ?? '', group: c.req.param('group') ?? '', item: c.req.param('item') ?? '' };
}

/** Holds a request as an unresponsive server would, until the caller gives up or `holdMs` passes. */
async function hold(c: Context, holdMs: number): Promise<Response> {
  const signal = c.req.raw.signal;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, holdMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
  return problem(c, 504, 'Gateway Timeout', `simulated EdgeKV timeout (edgekv.failures in weft.config.ts) held the request for ${holdMs} ms`);
}

function simulatedFailure(c: Context, rule: EdgeKvFailureRule, holdMs: number): Promise<Response> | Response {
  if (rule.kind === 'timeout') return hold(c, holdMs);
  return problem(c, rule.status, 'Simulated failure', `simulated EdgeKV failure (edgekv.failures in weft.config.ts) answered ${rule.status}`);
}

export function edgeKvApp(options: EdgeKvAppOptions): Hono {
  const { store, config } = options;
  const now = options.now ?? Date.now;
  const failures = new FailureSimulator(config.failures, options.random ?? Math.random);
  const consistency = new EventualConsistency(config.writeDelayMs, now);
  const app = new Hono();

  app.on(['GET', 'PUT', 'DELETE'], ITEM_ROUTE, async (c) => {
    const ref = refOf(c);
    for (const kind of ['namespace', 'group', 'item'] as const) {
      const why = nameProblem(kind, ref[kind]);
      if (why !== undefined) return problem(c, 400, 'Invalid name', why);
    }
    const sandboxId = c.req.query('sandboxId');
    if (sandboxId !== undefined && !SANDBOX_ID.test(sandboxId)) {
      return problem(c, 400, 'Invalid sandboxId', `sandboxId ${JSON.stringify(sandboxId)} must be 1 to 128 of A-Z a-z 0-9 _ -`);
    }
    const method = c.req.method;
    const rule = failures.pick(method, ref);
    if (rule !== undefined) return simulatedFailure(c, rule, config.timeoutHoldMs);
    // A token reference is resolved by Akamai's service; locally it is accepted as given.
    if (c.req.header(EDGEKV_AUTH_REF_HEADER) === undefined) {
      const verdict = checkToken(c.req.header(EDGEKV_AUTH_HEADER), ref.namespace, method, now());
      if (!verdict.ok) return problem(c, verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Forbidden', verdict.reason);
    }
    const key: EdgeKvKey = { ...ref, sandboxId };
    const where = `namespace "${ref.namespace}", group "${ref.group}"${sandboxId === undefined ? '' : `, sandbox "${sandboxId}"`}`;

    if (method === 'GET') {
      let value = await consistency.read(store, key);
      // sandboxFallback: a sandbox without the item reads the staging (app) data instead.
      if (value === undefined && sandboxId !== undefined && c.req.query('sandboxFallback') === 'true') value = await consistency.read(store, ref);
      if (value === undefined) return problem(c, 404, 'Not Found', `no item "${ref.item}" in ${where}`);
      return valueReply(value);
    }
    if (method === 'PUT') {
      const value = new Uint8Array(await c.req.arrayBuffer());
      await consistency.beforeChange(store, key);
      await store.put(key, value);
      return c.text(`Item "${ref.item}" was upserted in ${where} (local EdgeKV).`);
    }
    if ((await consistency.read(store, key)) === undefined) return problem(c, 404, 'Not Found', `no item "${ref.item}" in ${where} to delete`);
    await consistency.beforeChange(store, key);
    await store.delete(key);
    return c.text(`Item "${ref.item}" was deleted from ${where} (local EdgeKV).`);
  });

  app.all(ITEM_ROUTE, (c) => problem(c, 405, 'Method Not Allowed', `${c.req.method} is not an EdgeKV item method; use GET, PUT or DELETE`));
  app.notFound((c) => problem(c, 404, 'Not Found', `${c.req.path} is not an EdgeKV path; items are at /api/v1/namespaces/<namespace>/groups/<group>/items/<item>`));
  app.onError((error, c) => problem(c, 500, 'Internal Server Error', `local EdgeKV failed: ${error.message}`));
  return app;
}
