/**
 * The `edgekv` section of `weft.config.ts` (and of `weft serve --config`): where an app's EdgeKV
 * data lives and what the local service simulates. Everything is off by default; an app with an
 * `edgekv/` folder needs no section at all (docs/edgekv.md).
 */
import { z } from '@weft/runtime/zod';
import { EDGEKV_NAME_RULES, type EdgeKvNameKind } from '@weft/runtime';

const name = (kind: EdgeKvNameKind): z.ZodString =>
  z.string().regex(EDGEKV_NAME_RULES[kind].pattern, `expected an EdgeKV ${kind} name: 1 to ${EDGEKV_NAME_RULES[kind].max} of A-Z a-z 0-9 _ -`);

/** One simulated failure of the service; the first rule that matches a request decides. */
export const edgeKvFailureSchema = z.strictObject({
  /** `timeout`: the service does not answer (the helper's `timeout` fires); `error`: it answers `status`. */
  kind: z.enum(['timeout', 'error']),
  status: z.number().int().min(500).max(599).default(503),
  method: z.enum(['GET', 'PUT', 'DELETE']).optional(),
  namespace: name('namespace').optional(),
  group: name('group').optional(),
  item: name('item').optional(),
  /** Chance that a matching request fails (0 to 1). */
  rate: z.number().min(0).max(1).default(1),
  /** Fail only the first N matching requests, then let them through (a retry then succeeds). */
  times: z.number().int().min(1).optional(),
});

export const edgeKvConfigSchema = z.strictObject({
  /** Seed folder, relative to the config: `<data>/<namespace>/<group>.json` = `{ "<item>": value }`. */
  data: z.string().min(1).default('edgekv'),
  /** Where writes persist, relative to the config. */
  store: z.string().min(1).default('.weft/edgekv'),
  /** Port of the local service; 0 (default) picks a free one. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Eventual consistency: reads keep seeing the previous value this long after a write or delete. */
  writeDelayMs: z.number().int().min(0).default(0),
  /** How long a simulated timeout holds a request before answering 504 (if the caller is still waiting). */
  timeoutHoldMs: z.number().int().min(1).default(30_000),
  failures: z.array(edgeKvFailureSchema).default([]),
});

export type EdgeKvConfigInput = z.input<typeof edgeKvConfigSchema>;
export type EdgeKvConfig = z.output<typeof edgeKvConfigSchema>;
export type EdgeKvFailureRule = z.output<typeof edgeKvFailureSchema>;
