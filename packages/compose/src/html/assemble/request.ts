/**
 * One request's assembly: starts the template, data and slot sub-requests at once, waits for the
 * commit point (the fetched template and the primary, if any), then streams the parts in order.
 * When the page settles (written, dropped or failed) it reports its plan once (core/plan.ts).
 */
import type { RequestContext, RunEnv, SourceSpec } from '../../core/index.ts';
import { pagePlanOf } from '../../core/plan.ts';
import { reportPlan } from '../../core/report.ts';
import { isRawHtml, raw, toMarkup } from '../escape.ts';
import { FragmentError, HtmlOptionError, HtmlTemplateError } from '../errors.ts';
import { substituteVariables } from '../esi/expression.ts';
import { ReadableStream, type HttpResponse } from '../platform.ts';
import type { TemplateEvent } from '../template/scanner.ts';
import type { Attributes } from '../template/attributes.ts';
import { PartBuilder, type BuildEnv } from './build.ts';
import { decideCommit, type CommitOptions, type PrimaryResult } from './commit.ts';
import { collectData, startData, type DataPromises } from './data.ts';
import { AssetCollector } from '../assets/collector.ts';
import { assetsFromLinkHeader } from '../assets/link-header.ts';
import { preloadLinks } from '../assets/markup.ts';
import { AssetPlaces, withAssets } from './asset-parts.ts';
import { AsyncTail, placeholderMarkup } from './async-slots.ts';
import type { PageHeaders } from './commit.ts';
import { requestWithFallbackUrl } from './fallback-url.ts';
import { okFragment, releaseBody, requestFragment, type FragmentRequest } from './fetch-fragment.ts';
import { SlotPart, type Filling, type SlotOutcome } from './fragment.ts';
import type { EsiOptions, FetchedTemplate } from './options.ts';
import { NONCE, type AssembledPage, type PageReport } from './page.ts';
import { markupPart, type Part } from './parts.ts';
import { BufferBudget } from './buffer-budget.ts';
import { PartQueue } from './queue.ts';
import { logOutcome } from './report.ts';
import type { NormalizedCandidate, NormalizedSlot } from './slots.ts';
import { SlotLedger } from './slot-plan.ts';
import { partsToStream } from './stream.ts';
import { pumpTemplate } from './template-stream.ts';

type Data = Record<string, unknown>;

export interface PagePlan {
  inline: readonly TemplateEvent[] | undefined;
  fetched: FetchedTemplate | undefined;
  fallbackTemplate: readonly TemplateEvent[] | undefined;
  dataSpecs: readonly SourceSpec[];
  // Candidates see the page's typed data; here it is handled as a plain record.
  slots: readonly NormalizedSlot<never>[];
  primary: string | undefined;
  esi: EsiOptions | undefined;
  commit: CommitOptions;
  readAhead: number;
  bufferLimit: number;
  fragmentTimeout: number;
  onOutcome: ((outcome: SlotOutcome) => void) | undefined;
  nonce: string | ((ctx: RequestContext<string>) => string | undefined) | undefined;
  preloadHeader: boolean;
}

function resolveNonce(nonce: PagePlan['nonce'], ctx: RequestContext<string>): string | undefined {
  const value: unknown = typeof nonce === 'function' ? nonce(ctx) : nonce;
  if (value === undefined || (typeof value === 'string' && NONCE.test(value))) return value;
  throw new HtmlOptionError(`nonce: the function returned ${typeof value === 'string' ? JSON.stringify(value) : String(value)}; return a base64 value (letters, digits, + / = - _) or undefined`);
}

/** The page's headers plus a `Link` header of preload hints for the assets known now (kept after one the page sets itself). */
function withPreloadHeader(headers: PageHeaders, assets: AssetCollector): PageHeaders {
  const known = assets.all();
  if (known.length === 0) return headers;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'link') ?? 'link';
  const own = headers[key];
  return { ...headers, [key]: own === undefined ? preloadLinks(known) : [...(Array.isArray(own) ? own : [own]), preloadLinks(known)] };
}

function forwarded(ctx: RequestContext<string>, names: readonly string[], fixed: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.header(name);
    if (value !== undefined) headers[name] = value;
  }
  return { ...headers, ...fixed };
}

export async function assembleRequest(plan: PagePlan, ctx: RequestContext<string>, env: RunEnv): Promise<AssembledPage> {
  const outcomes: SlotOutcome[] = [];
  let partial = false;
  const ledger = new SlotLedger(plan.slots);
  const onOutcome = (outcome: SlotOutcome): void => {
    outcomes.push(outcome);
    ledger.settled(outcome);
    if (outcome.outcome === 'fallback' || outcome.outcome === 'cut') partial = true;
    logOutcome(outcome);
    plan.onOutcome?.(outcome);
  };
  const created: Part[] = [];
  const budget = new BufferBudget(plan.bufferLimit);
  const assets = new AssetCollector(resolveNonce(plan.nonce, ctx));
  const tail = new AsyncTail(assets);
  const places = new AssetPlaces(assets, tail);
  const track = <P extends Part>(part: P): P => {
    created.push(part);
    return part;
  };

  // The template goes first, so the limiter starts it before the slots.
  const templateResponse = plan.fetched === undefined ? undefined : fetchTemplate(plan.fetched, ctx, env);
  // First-byte gate: when an inline template starts with text and nothing decides the status, the
  // sub-requests start once that text has been handed to the runtime, so starting them does not
  // delay the page's first byte (at the cost of a fraction of a millisecond on the fragments).
  let openGate = (): void => {};
  const gated = plan.inline !== undefined && plan.primary === undefined && plan.inline[0]?.type === 'text';
  const gate = gated ? new Promise<void>((resolve) => (openGate = resolve)) : undefined;
  const data = startData(plan.dataSpecs, ctx, env, gate);
  let planned = false;
  const reportPagePlan = (pagePartial: boolean): void => {
    if (planned) return;
    planned = true;
    reportPlan(() => pagePlanOf(undefined, plan.dataSpecs, data.reports, ledger.sources(), pagePartial));
  };

  let settlePrimary: ((result: PrimaryResult) => void) | undefined;
  const primaryResult =
    plan.primary === undefined ? undefined
    : plan.primary === 'template' ? (templateResponse as Promise<HttpResponse>).then((response): PrimaryResult => ({ response }), (error: unknown): PrimaryResult => ({ error }))
    : new Promise<PrimaryResult>((resolve) => {
        let settled = false;
        settlePrimary = (result) => {
          if (!settled) resolve(result);
          settled = true;
        };
      });

  const startedSlots = new Set<string>();
  const unused = new Map<string, { part: SlotPart; setTemplateFallback(markup: string): void }>();
  const startSlot = (slot: NormalizedSlot<never>): { part: SlotPart; setTemplateFallback(markup: string): void } => {
    let templateFallback = '';
    let chosen: NormalizedCandidate<never> | undefined;
    const primary = plan.primary === slot.name ? settlePrimary : undefined;
    startedSlots.add(slot.name);
    ledger.started(slot.name);
    // A part cancelled before its gate opened (the page was dropped) makes no sub-request.
    let part: SlotPart | undefined;
    const wanted = (): boolean => part?.isCancelled !== true;
    assets.add(slot.name, slot.assets);
    const onResponse = (response: HttpResponse): void => assets.add(slot.name, assetsFromLinkHeader(response.getHeader('link')));
    const filling = fillSlot(slot, ctx, data.values, env, plan, primary, (c) => (chosen = c), gate, wanted, onResponse, ledger);
    if (slot.holdHead) assets.hold(filling);
    // An async slot's placeholder shows the slot's own fallback; a candidate's fallback is moved in like content.
    const fallback = slot.async
      ? () => (chosen?.fallback === undefined ? '' : toMarkup(chosen.fallback))
      : () => toMarkup(chosen?.fallback ?? slot.fallback ?? raw(templateFallback));
    part = track(new SlotPart(filling, { name: slot.name, readAhead: plan.readAhead, budget, onOutcome, fallback }));
    return { part, setTemplateFallback: (markup) => (templateFallback = markup) };
  };
  const slotsByName = new Map(plan.slots.map((s) => [s.name, s]));
  // A streamed template reveals its slots late: start every declared slot now. An inline template
  // is built at once, so its slots start as the builder reaches them, and a slot in an
  // `<esi:choose>` branch that was not chosen never makes its sub-request.
  if (plan.inline === undefined) for (const slot of plan.slots) unused.set(slot.name, startSlot(slot));

  const buildEnv: BuildEnv = {
    request: ctx.request,
    slot(name, templateFallback) {
      const declared = slotsByName.get(name);
      if (declared === undefined) return markupPart(templateFallback);
      const started = unused.get(name) ?? startSlot(declared);
      unused.delete(name);
      started.setTemplateFallback(templateFallback);
      if (!declared.async) return withAssets(started.part, name, assets);
      const id = tail.nextId();
      tail.add({ id, name, part: started.part });
      return markupPart(placeholderMarkup({ id, name }, toMarkup(declared.fallback ?? raw(templateFallback))));
    },
    mark: (mark) => places.at(mark),
    include: (attributes) => startInclude(attributes, ctx, env, plan, onOutcome, track, gate, budget),
  };
  const cancelUnused = (): void => {
    for (const { part } of unused.values()) part.cancel('the template has no such slot here');
    unused.clear();
  };

  let parts: Iterable<Part> | AsyncIterable<Part>;
  let queue: PartQueue | undefined;
  let cancelTemplate: (reason: unknown) => void = () => {};
  const fromEvents = (events: readonly TemplateEvent[]): Part[] => {
    const list: Part[] = [];
    const builder = new PartBuilder(buildEnv, list);
    for (const event of events) builder.handle(event);
    builder.end();
    cancelUnused();
    list.push(...places.end());
    return list;
  };
  try {
    if (plan.inline !== undefined) {
      parts = fromEvents(plan.inline);
      // The primary slot sat in a branch that was not chosen: the page's own status stands.
      if (plan.primary !== undefined && !startedSlots.has(plan.primary)) settlePrimary?.({ status: plan.commit.status });
    } else {
      const response = await (templateResponse as Promise<HttpResponse>).then(
        (r) => r,
        (error: unknown) => {
          if (plan.fallbackTemplate === undefined) throw error;
          return undefined;
        },
      );
      if (response !== undefined && response.ok) {
        queue = new PartQueue();
        const queued = queue;
        cancelTemplate = pumpTemplate(response.body, new PartBuilder(buildEnv, queue), queue, () => {
          cancelUnused();
          for (const part of places.end()) queued.push(part);
        });
        parts = queue;
      } else {
        if (response !== undefined) releaseBody(response);
        if (plan.fallbackTemplate === undefined) {
          throw new FragmentError('template', `GET ${String(response?.status)} answered ${String(response?.status)} and the page has no template.fallback`);
        }
        parts = fromEvents(plan.fallbackTemplate);
      }
    }
  } catch (error) {
    for (const part of created) part.cancel(error);
    reportPagePlan(true);
    throw error;
  }

  const commit = decideCommit(primaryResult === undefined ? undefined : await primaryResult, plan.commit);
  if (plan.preloadHeader && !commit.redirect) commit.headers = withPreloadHeader(commit.headers, assets);
  let finish: (report: PageReport) => void = () => {};
  const report = new Promise<PageReport>((resolve) => (finish = resolve));
  const done = (): void => {
    const settled = { outcomes, subrequests: env.subrequests.used, partial: partial || commit.primaryError !== undefined };
    reportPagePlan(settled.partial);
    finish(settled);
  };
  const cancelAll = (reason: unknown): void => {
    cancelTemplate(reason);
    queue?.fail(reason);
    for (const part of created) part.cancel(reason);
  };
  if (commit.redirect) {
    cancelAll('the primary redirected');
    done();
    return { status: commit.status, headers: commit.headers, body: emptyStream(), report };
  }
  const body = partsToStream(parts, {
    onSecondPull: openGate,
    // A page cancelled before its gate opened never starts its sub-requests.
    onCancel(reason) {
      cancelAll(reason);
      done();
    },
    onError() {
      partial = true;
    },
    onEnd: done,
  });
  return { status: commit.status, headers: commit.headers, body, report };
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

function fetchTemplate(template: FetchedTemplate, ctx: RequestContext<string>, env: RunEnv): Promise<HttpResponse> {
  const url = typeof template.url === 'function' ? template.url(ctx) : template.url;
  return requestFragment(
    { name: 'template', url, timeout: template.timeout, headers: forwarded(ctx, template.forwardHeaders ?? [], template.headers ?? {}) },
    env,
  );
}

function fillSlot(
  slot: NormalizedSlot<never>,
  ctx: RequestContext<string>,
  data: DataPromises,
  env: RunEnv,
  plan: PagePlan,
  primary: ((result: PrimaryResult) => void) | undefined,
  choose: (candidate: NormalizedCandidate<never> | undefined) => void,
  gate: Promise<void> | undefined,
  wanted: () => boolean,
  onResponse: (response: HttpResponse) => void,
  ledger: SlotLedger,
): Promise<Filling> {
  const run = async (): Promise<Filling> => {
    if (gate !== undefined) await gate;
    if (!wanted()) throw new FragmentError(slot.name, 'not requested: the page was cancelled');
    const deps = (await collectData(data, slot.dependsOn)) as never;
    // Candidates are typed against the page's data; at run time they get the record built above.
    const candidate = slot.candidates.find((c) => c.when === undefined || c.when(ctx, deps));
    choose(candidate);
    if (candidate === undefined) {
      primary?.({ status: plan.commit.status });
      return { kind: 'default' };
    }
    if (candidate.url === undefined) {
      const rendered: unknown = candidate.content ?? (candidate.render as (c: typeof ctx, d: Data) => unknown)(ctx, deps);
      if (typeof rendered !== 'string' && !isRawHtml(rendered)) {
        throw new HtmlOptionError(`slots.${slot.name}.render returned ${rendered === null ? 'null' : typeof rendered}; return a string (escaped text) or raw()/html\`\` markup`);
      }
      const markup = toMarkup(rendered);
      primary?.({ status: plan.commit.status });
      return { kind: 'markup', markup };
    }
    const url = typeof candidate.url === 'function' ? candidate.url(ctx, deps) : candidate.url.render(ctx, deps, true);
    const fallbackUrl = candidate.fallbackUrl === undefined ? undefined
      : typeof candidate.fallbackUrl === 'function' ? candidate.fallbackUrl(ctx, deps) : candidate.fallbackUrl.render(ctx, deps, true);
    const request: FragmentRequest = {
      name: slot.name,
      url,
      timeout: candidate.timeout ?? plan.fragmentTimeout,
      headers: forwarded(ctx, candidate.forwardHeaders, candidate.headers),
      onSent: (sent) => ledger.sent(slot.name, sent),
    };
    const response = await requestWithFallbackUrl(request, fallbackUrl, env, (why) => ledger.switched(slot.name, why));
    primary?.({ response });
    if (!response.ok) {
      releaseBody(response);
      throw new FragmentError(slot.name, `GET ${fallbackUrl === undefined ? url : `${url} (or its fallbackUrl ${fallbackUrl})`} answered ${response.status}`);
    }
    onResponse(response);
    return { kind: 'body', body: response.body };
  };
  return run().catch((error: unknown) => {
    primary?.({ error });
    throw error;
  });
}

function startInclude(
  attributes: Attributes,
  ctx: RequestContext<string>,
  env: RunEnv,
  plan: PagePlan,
  onOutcome: (outcome: SlotOutcome) => void,
  track: (part: SlotPart) => SlotPart,
  gate: Promise<void> | undefined,
  budget: BufferBudget,
): { part: Part; ok: Promise<boolean> } {
  const esi = plan.esi;
  if (esi === undefined) throw new HtmlTemplateError('template: <esi:include> found but the page sets esi: false');
  const src = attributes.src;
  if (src === undefined || src === '') throw new HtmlTemplateError('template: <esi:include> needs a src attribute');
  const request = (url: string): FragmentRequest => ({
    name: `esi:include ${src}`,
    url: substituteVariables(url, ctx.request, encodeURIComponent),
    timeout: esi.timeout ?? plan.fragmentTimeout,
    headers: forwarded(ctx, esi.forwardHeaders ?? [], {}),
  });
  const alt = attributes.alt;
  const first = gate === undefined ? okFragment(request(src), env) : gate.then(() => okFragment(request(src), env));
  const response = first.catch((error: unknown) => {
    if (alt === undefined || alt === '') throw error;
    return okFragment(request(alt), env);
  });
  const ok = response.then(
    () => true,
    () => attributes.onerror === 'continue',
  );
  const part = track(
    new SlotPart(response.then((r): Filling => ({ kind: 'body', body: r.body })), {
      name: `esi:include ${src}`,
      readAhead: plan.readAhead,
      budget,
      onOutcome,
      fallback: () => '',
    }),
  );
  return { part, ok };
}
