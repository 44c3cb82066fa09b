/**
 * The runtime part of `weft.config.ts` is @weft/runtime's options schema (the same keys as
 * `weft serve --config`), with two app-level additions:
 * - wherever a URL is expected (`origin`, `hosts`, `originIds`), `mock:<name>` names an entry of
 *   `mocks`; the dev server and the testing helpers start that mock and put its loopback URL there;
 * - `scenarios`: named client contexts picked per request with `x-weft-scenario: <name>`.
 */
import { z } from '@weft/runtime/zod';
import { botSchema, deviceSchema, locationSchema, runtimeOptionsSchema } from '@weft/runtime';

export const MOCK_REF = /^mock:([A-Za-z0-9_-]+)$/;
/** `app:<name>`: a host another app of the workspace serves, run as a subWorker under `weft dev` (platform §20). */
export const APP_REF = /^app:([a-z0-9][a-z0-9._-]*)$/;

/** An http(s) URL of a server, or `mock:<name>` naming an entry of `mocks`. */
export const originRef = z.string().refine(
  (value) => {
    if (MOCK_REF.test(value)) return true;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      // new URL throws only for an unparsable URL: the message below says what is expected.
      return false;
    }
  },
  { message: 'expected an http:// or https:// URL (e.g. "http://127.0.0.1:9001") or "mock:<name>" naming an entry of `mocks`' },
);

/** One named client context (the same fields as the config's defaults). */
export const scenarioSchema = z.strictObject({
  location: locationSchema.optional(),
  device: deviceSchema.optional(),
  bot: botSchema.optional(),
  clientIp: z.string().min(1).optional(),
  variables: z.record(z.string().regex(/^PMUSER_[A-Z0-9_]+$/, 'a PMUSER_ name in upper case (letters, digits, _)'), z.string()).optional(),
});

/** What a host may map to: an origin reference, or `app:<name>` (another app, as a subWorker). */
export const hostRef = z.string().refine((value) => APP_REF.test(value) || originRef.safeParse(value).success, {
  message: 'expected an http:// or https:// URL, "mock:<name>" naming an entry of `mocks`, or "app:<name>" naming another app of the workspace (run as a subWorker under `weft dev`)',
});

export const runtimeOptionsWithMocks = runtimeOptionsSchema.extend({
  origin: originRef.optional(),
  hosts: z.record(z.string().min(1), hostRef).optional(),
  originIds: z.record(z.string().min(1), originRef).optional(),
  scenarios: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a scenario name of letters, digits, "_" or "-"'), scenarioSchema).optional(),
});

/** The keys the runtime itself reads; everything else in `weft.config.ts` is for the CLI. */
export const RUNTIME_KEYS = Object.keys(runtimeOptionsSchema.shape) as Array<keyof typeof runtimeOptionsSchema.shape>;

export type Scenario = z.output<typeof scenarioSchema>;
