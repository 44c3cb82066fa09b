/**
 * The platform modules without the runtime around them: `inject()` and a pass-through inside
 * `runInvocation`, fetching a real loopback origin through the http-request module. The limits
 * profile is the platform's, except the per-sub-request response size and wall time, lifted so a
 * 10 MB (or 200 MB) page can stream at all (the platform caps a sub-request at 5 MB and 8 s at
 * tier 200, spec §21).
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { HANDLERS, readCreatedResponse, resolveLimits, runInvocation, builtinModule, type InvocationContext } from '@weft/platform';
import { html, raw, respondInjected } from '@weft/compose';
import { RUM_SCRIPT } from './page.ts';

const agent = new Agent({ keepAliveTimeout: 10_000 });

/** The host name the in-process sub-requests use; mapped to the page origin (decision 21). */
export const PAGE_HOST = 'pages.bench.example';

export function benchInvocation(pageOrigin: string): InvocationContext {
  const limits = resolveLimits(200);
  const lifted = { ...limits, tierLimits: { ...limits.tierLimits, responseProvider: { ...limits.tierLimits.responseProvider, subrequestResponseBytes: Number.MAX_SAFE_INTEGER, subrequestWallMs: 600_000 } } };
  return {
    handler: HANDLERS.responseProvider,
    limits: lifted,
    dispatcher: agent,
    hostPolicy: { requestScheme: 'http', requestHost: 'bench.example', hosts: new Map([[PAGE_HOST, pageOrigin]]), defaultOrigin: undefined },
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest() {},
    logging: { enabled: false, minLevel: 'info' },
    onLog() {},
  };
}

type HttpRequest = (url: string, options?: object) => Promise<{ status: number; ok: boolean; body: ReadableStream<Uint8Array>; getHeaders(): Record<string, string[]> }>;
const httpRequest = (builtinModule('http-request')?.httpRequest ?? (() => { throw new Error('http-request is not registered'); })) as HttpRequest;
const createResponse = builtinModule('create-response')?.createResponse as (s: number, h: object, b: unknown) => object;

/** One response through pass-through or injection; resolves with the bytes read from its body. */
type Rewriter = { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array>; onElement(selector: string, handler: (el: { append(text: string): void }) => void): void };
const HtmlRewritingStream = builtinModule('html-rewriter')?.HtmlRewritingStream as new () => Rewriter;

export type Mode = 'passthrough' | 'rewriter' | 'inject';

/**
 * `passthrough`: the origin body as is; `rewriter`: the platform's HtmlRewritingStream alone with
 * the same head append (the engine's share of the cost); `inject`: compose's inject() with the head
 * append and a banner streamed in.
 */
export function runOnce(mode: Mode, origin: string, megabytes: number, onChunk?: (bytes: number) => void): Promise<number> {
  return runInvocation(benchInvocation(origin), async () => {
    const banner = mode === 'inject' ? httpRequest(`https://${PAGE_HOST}/banner`) : undefined;
    const page = await httpRequest(`https://${PAGE_HOST}/page?mb=${megabytes}`);
    let created: object;
    if (mode === 'inject') {
      created = respondInjected(page as never, [
        { selector: 'head', append: raw(RUM_SCRIPT) },
        { selector: 'body', prepend: banner as never, fallback: html`<div class="banner">Welcome</div>` },
      ]);
    } else if (mode === 'rewriter') {
      const rewriter = new HtmlRewritingStream();
      rewriter.onElement('head', (el) => el.append(RUM_SCRIPT));
      created = createResponse(page.status, {}, page.body.pipeThrough(rewriter));
    } else {
      created = createResponse(page.status, {}, page.body);
    }
    const body = readCreatedResponse(created)?.body as ReadableStream<Uint8Array>;
    const reader = body.getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      onChunk?.(bytes);
    }
    return bytes;
  });
}

export async function inProcessThroughput(origin: string, megabytes: number, rounds: number): Promise<{ mbps: Record<Mode, number>; bytes: number }> {
  const rate = async (mode: Mode): Promise<{ mbps: number; bytes: number }> => {
    const t0 = performance.now();
    const bytes = await runOnce(mode, origin, megabytes);
    return { mbps: bytes / 1048576 / ((performance.now() - t0) / 1000), bytes };
  };
  const modes: Mode[] = ['passthrough', 'rewriter', 'inject'];
  for (const mode of modes) await rate(mode);
  const samples: Record<Mode, number[]> = { passthrough: [], rewriter: [], inject: [] };
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    for (const mode of modes) {
      const r = await rate(mode);
      samples[mode].push(r.mbps);
      bytes = r.bytes;
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
  return { mbps: { passthrough: median(samples.passthrough), rewriter: median(samples.rewriter), inject: median(samples.inject) }, bytes };
}
