// The stage timeline and the sub-request waterfall, on one shared millisecond scale.
import { axisTicks, tickLabel } from './time-axis';
import { subrequestLabels } from './subrequest-label';
import { el, isError, ms, statusClass } from './dom.js';

const STATUS_LABELS = { UnimplementedEventHandler: 'not exported', NotRun: 'not run' };
const CODES = { onClientRequest: 'CReq', onBotSegmentAvailable: 'BSA', onOriginRequest: 'OReq', onOriginResponse: 'ORsp', onClientResponse: 'CRsp', responseProvider: 'RP' };

/** The scale both charts share: 0 to the last thing that happened, with round ticks. */
export function scaleOf(trace) {
  const ends = [
    trace.durationMs || 0,
    ...trace.stages.map((stage) => (stage.startMs || 0) + (stage.wallMs || 0)),
    ...(trace.subrequests || []).map((sub) => (sub.startMs || 0) + (sub.totalDurationMs ?? sub.durationMs ?? 0)),
  ];
  const total = Math.max(...ends, 0.001);
  const ticks = axisTicks(total);
  const step = ticks.length > 1 ? ticks[1] : total;
  return { total, ticks, grid: `${(step / total) * 100}%` };
}

const pct = (value, total) => Math.max(0, Math.min(100, (value / total) * 100));

export function bar(startMs, lengthMs, total, cls, title) {
  const left = pct(startMs, total);
  const width = Math.max(0.3, Math.min(100 - left, (lengthMs / total) * 100));
  return el('div', { class: `seg ${cls}`, style: `left:${left}%;width:${width}%`, title });
}

function mark(atMs, total, cls, title) {
  return el('div', { class: `mark ${cls}`, style: `left:${pct(atMs, total)}%`, title });
}

function axis(scale) {
  return el('div', { class: 'row axis', 'aria-hidden': 'true' }, el('span', {}),
    el('div', { class: 'ticks' }, scale.ticks.map((tick) => el('span', { class: 'tick', style: `left:${pct(tick, scale.total)}%` }, tickLabel(tick)))),
    el('span', {}));
}

export function chart(id, scale, rows, extra) {
  return el('div', { class: 'chart', id, style: `--grid:${scale.grid}`, ...extra }, axis(scale), rows);
}

/**
 * A responseProvider that answered keeps producing its body after the handler returned: its bar
 * runs on, lighter, to the last byte (when the trace finished), with the first byte marked.
 */
function streamedBody(trace, stage, total) {
  const response = trace.response;
  if (stage.stage !== 'responseProvider' || response?.source !== 'responseProvider' || !trace.complete) return [];
  const end = (stage.startMs || 0) + (stage.wallMs || 0);
  const parts = [];
  if (trace.durationMs > end) parts.push(bar(end, trace.durationMs - end, total, 'handler body', `body streamed until the last byte at ${ms(trace.durationMs)} ms`));
  if (typeof response.firstByteMs === 'number') parts.push(mark(response.firstByteMs, total, 'first-byte', `first byte at ${ms(response.firstByteMs)} ms`));
  return parts;
}

export function timeline(trace, scale) {
  if (trace.stages.length === 0) return el('p', { class: 'none' }, 'No stage ran.');
  return chart('timeline', scale, trace.stages.map((stage) => {
    const body = streamedBody(trace, stage, scale.total);
    const time = body.length > 0 ? `${ms(stage.wallMs)} ms → ${ms(trace.durationMs)}` : `${ms(stage.wallMs)} ms`;
    const timeTitle = body.length > 0 ? `the handler ran ${ms(stage.wallMs)} ms; the last body byte went at ${ms(trace.durationMs)} ms` : undefined;
    return el('div', { class: 'row stage', 'data-stage': stage.stage },
      el('span', { class: 'label', title: [stage.stage, stage.status, stage.note].filter(Boolean).join(' · ') }, stage.stage, ' ', el('span', { class: `tag ${isError(stage.status) ? 'err' : stage.status}` }, STATUS_LABELS[stage.status] || stage.status)),
      el('div', { class: 'track' }, bar(stage.startMs || 0, stage.wallMs || 0, scale.total, isError(stage.status) ? 'failed' : stage.kind, `${stage.stage}: ${ms(stage.wallMs)} ms wall${stage.cpuMs !== undefined ? `, ${ms(stage.cpuMs)} ms CPU` : ''}`), body),
      el('span', { class: 'time', title: timeTitle }, time),
    );
  }));
}

// An EdgeKV call reads as what it did (docs/edgekv.md): operation, namespace/group/item, hit or miss.
const EDGEKV_OPS = { read: 'GET', write: 'PUT', delete: 'DELETE' };
function edgeKvLabel(call) {
  const sandbox = call.sandboxId ? ` (sandbox ${call.sandboxId})` : '';
  return el('span', {}, el('span', { class: 'tag kv' }, 'EdgeKV'), ` ${EDGEKV_OPS[call.operation] || call.operation} ${call.namespace}/${call.group}/${call.item}${sandbox} `,
    el('span', { class: `tag ${call.result === 'error' ? 'err' : call.result}` }, call.result));
}

function segments(sub, total) {
  const queued = sub.rateLimitedMs || 0;
  const start = sub.startMs || 0;
  const parts = [];
  if (queued > 0) parts.push(bar(start, queued, total, 'queued', `queued ${ms(queued)} ms by the parallel limit`));
  if (sub.durationMs !== undefined) parts.push(bar(start + queued, Math.max(0, sub.durationMs - queued), total, sub.error ? 'failed' : 'handler', `headers after ${ms(sub.durationMs)} ms`));
  if (sub.totalDurationMs !== undefined && sub.durationMs !== undefined && sub.totalDurationMs > sub.durationMs) {
    parts.push(bar(start + sub.durationMs, sub.totalDurationMs - sub.durationMs, total, 'handler body', `body read by ${ms(sub.totalDurationMs)} ms`));
  }
  return parts;
}

/** The id a sub-request's row has, so the plan's bars can point at it (ids count per handler). */
export const subrequestRowId = (handler, id) => `sub-${handler}-${id}`;

// A sub-request's pass through the property's cache (trace `subrequests[].cache`), as a chip.
const CACHE_TITLES = { hit: 'served from the cache, fresh: it did not go out', stale: 'the cached answer had expired: fetched again', miss: 'nothing cached: fetched', bypass: 'the cache was not consulted' };
export function cacheChip(cache) {
  if (!cache) return null;
  return el('span', { class: `tag cache ${cache.lookup}`, 'data-cache': cache.lookup, title: [CACHE_TITLES[cache.lookup], cache.reason].filter(Boolean).join(': ') }, `cache ${cache.lookup}`);
}

function subWorkerChip(call) {
  if (!call) return null;
  return el('span', { class: 'tag subworker', title: `answered by app ${call.app} as a subWorker (depth ${call.depth}); its own trace is ${call.traceId}` }, 'subWorker');
}

/** `details(sub)` builds the panel a row opens (headers, copy as curl). */
export function waterfall(trace, scale, details) {
  const subs = trace.subrequests || [];
  if (subs.length === 0) return el('div', { id: 'waterfall', 'data-count': 0 }, el('p', { class: 'none' }, 'No sub-requests.'));
  const labels = subrequestLabels(subs.map((sub) => sub.url));
  return chart('waterfall', scale, subs.flatMap((sub, index) => {
    const label = labels[index];
    const panel = details(sub);
    panel.hidden = true;
    const toggle = () => {
      panel.hidden = !panel.hidden;
      row.classList.toggle('open', !panel.hidden);
      row.setAttribute('aria-expanded', String(!panel.hidden));
    };
    const hover = [`${sub.method} ${label.full}`, sub.localUrl && `(served locally by ${sub.localUrl})`].filter(Boolean).join(' ');
    const row = el('div', { class: `row subrequest${sub.edgekv ? ' edgekv' : ''}`, id: subrequestRowId(sub.handler, sub.id), 'data-edgekv': sub.edgekv?.result, role: 'button', tabindex: 0, 'aria-expanded': 'false', onclick: toggle, onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(); } },
      title: [sub.error, sub.bodyError, ...(sub.notes || [])].filter(Boolean).join('\n') || undefined },
      el('span', { class: 'label', title: hover },
        el('span', { class: statusClass(sub.status) }, sub.status ?? (sub.error ? 'ERR' : '…')), ' ',
        sub.edgekv ? edgeKvLabel(sub.edgekv) : [`${sub.method} `, el('span', { class: `sub-label${sub.cache || sub.subWorker ? ' with-chips' : ''}` }, el('span', { class: 'host' }, label.host), el('span', { class: 'path' }, label.path))],
        sub.cache && [' ', cacheChip(sub.cache)], sub.subWorker && [' ', subWorkerChip(sub.subWorker)]),
      el('div', { class: 'track' }, segments(sub, scale.total)),
      el('span', { class: 'time', title: sub.handler }, `${ms(sub.totalDurationMs ?? sub.durationMs)} ms · ${CODES[sub.handler] || sub.handler}`),
    );
    return [row, panel];
  }), { 'data-count': subs.length });
}
