// The trace viewer: plain browser JavaScript, no dependencies, no network beyond this server.
// It reads the runtime's trace endpoints (GET /__weft/traces, GET /__weft/trace/:id) and polls
// for new requests while "live" is on. Every string from a trace goes through textContent.
(() => {
  'use strict';
  const BASE = location.pathname.replace(/\/+$/, '').replace(/\/viewer$/, '') || '/__weft';
  const POLL_MS = 1000;
  const state = { traces: [], known: new Set(), selected: null, detail: null, filter: '' };
  const $ = (selector) => document.querySelector(selector);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'style') node.setAttribute('style', value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const ms = (value) => (typeof value === 'number' ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)}` : '–');
  const statusClass = (status) => (typeof status === 'number' ? `s${String(status)[0]}` : '');
  const pathOf = (trace) => { try { const url = new URL(trace.request.url, 'http://x'); return url.pathname + url.search; } catch { return trace.request?.url ?? '?'; } };
  const timeOf = (trace) => { const date = new Date(trace.startedAt); return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour12: false }); };
  const STATUS_LABELS = { UnimplementedEventHandler: 'not exported', NotRun: 'not run' };
  const CODES = { onClientRequest: 'CReq', onBotSegmentAvailable: 'BSA', onOriginRequest: 'OReq', onOriginResponse: 'ORsp', onClientResponse: 'CRsp', responseProvider: 'RP' };
  const shortUrl = (url) => { try { const parsed = new URL(url); return parsed.host + parsed.pathname + parsed.search; } catch { return url; } };
  const isError = (status) => /Error|Failed|ResourceLimit/.test(status || '');

  async function getJson(path) {
    const response = await fetch(BASE + path, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  function normalizeList(body) {
    const list = Array.isArray(body) ? body : Array.isArray(body?.traces) ? body.traces : [];
    return list.filter((trace) => trace && typeof trace.id === 'string');
  }

  async function refresh() {
    void refreshBuild();
    try {
      const traces = normalizeList(await getJson('/traces?limit=200'));
      const fresh = traces.filter((trace) => !state.known.has(trace.id));
      const changed = fresh.length > 0 || traces.length !== state.traces.length || traces.some((trace, index) => state.traces[index]?.complete !== trace.complete);
      state.traces = traces;
      if (changed) renderList(new Set(state.known.size === 0 ? [] : fresh.map((trace) => trace.id)));
      for (const trace of fresh) state.known.add(trace.id);
      if (state.selected && state.detail && state.detail.complete === false) await select(state.selected, false);
      setStatus(`${traces.length} request${traces.length === 1 ? '' : 's'}`);
    } catch (error) {
      setStatus(`cannot reach ${BASE}/traces: ${error.message}`);
    }
  }

  function setStatus(text) { $('#status').textContent = text; }

  // The dev server's build state (absent under weft serve): the app's name, and its build error.
  async function refreshBuild() {
    try {
      const build = await getJson('/build');
      $('#app-name').textContent = [build.app, build.isolation === 'thread' ? 'edge thread' : build.isolation].filter(Boolean).join(' · ');
      const banner = $('#build-error');
      banner.hidden = build.state !== 'failed';
      banner.textContent = build.state === 'failed' ? `Build failed; requests get an error page until it is fixed:\n${build.error}` : '';
    } catch {
      $('#app-name').textContent = '';
    }
  }

  function matches(trace) {
    if (!state.filter) return true;
    const haystack = `${trace.request?.method} ${pathOf(trace)} ${trace.response?.status ?? ''} ${trace.response?.source ?? ''}`.toLowerCase();
    return state.filter.split(/\s+/).every((word) => haystack.includes(word));
  }

  function renderList(freshIds) {
    const body = $('#requests tbody');
    body.replaceChildren(...state.traces.filter(matches).map((trace) => el('tr', {
      'data-id': trace.id,
      class: [trace.id === state.selected ? 'selected' : '', freshIds.has(trace.id) ? 'fresh' : ''].join(' ').trim() || undefined,
      onclick: () => select(trace.id, true),
    },
      el('td', { class: 'muted' }, timeOf(trace)),
      el('td', {}, trace.request?.method ?? ''),
      el('td', { class: 'path', title: trace.request?.url }, pathOf(trace)),
      el('td', { class: statusClass(trace.response?.status) }, trace.response?.status ?? (trace.complete ? '–' : '…')),
      el('td', { class: 'muted' }, trace.response?.source ?? ''),
      el('td', { class: 'num' }, ms(trace.durationMs)),
    )));
    $('#empty').hidden = state.traces.length > 0;
  }

  async function select(id, push) {
    state.selected = id;
    if (push && location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
    for (const row of document.querySelectorAll('#requests tbody tr')) row.classList.toggle('selected', row.dataset.id === id);
    try {
      state.detail = await getJson(`/trace/${encodeURIComponent(id)}`);
      renderDetail(state.detail);
    } catch (error) {
      $('#detail').replaceChildren(el('p', { class: 'error' }, `Cannot load trace ${id}: ${error.message}`));
    }
  }

  function exportTrace(trace) {
    const blob = new Blob([JSON.stringify(trace, null, 2)], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `weft-trace-${trace.id}.json` });
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function bar(startMs, lengthMs, total, cls, title) {
    const left = total > 0 ? Math.max(0, Math.min(100, (startMs / total) * 100)) : 0;
    const width = total > 0 ? Math.max(0.3, Math.min(100 - left, (lengthMs / total) * 100)) : 100;
    return el('div', { class: `seg ${cls}`, style: `left:${left}%;width:${width}%`, title });
  }

  function timeline(trace) {
    const total = Math.max(trace.durationMs || 0, ...trace.stages.map((stage) => (stage.startMs || 0) + (stage.wallMs || 0)), 0.001);
    if (trace.stages.length === 0) return el('p', { class: 'none' }, 'No stage ran.');
    return el('div', { class: 'chart', id: 'timeline' }, trace.stages.map((stage) => el('div', { class: 'row stage', 'data-stage': stage.stage },
      el('span', { class: 'label', title: [stage.stage, stage.status, stage.note].filter(Boolean).join(' · ') }, stage.stage, ' ', el('span', { class: `tag ${isError(stage.status) ? 'err' : stage.status}` }, STATUS_LABELS[stage.status] || stage.status)),
      el('div', { class: 'track' }, bar(stage.startMs || 0, stage.wallMs || 0, total, isError(stage.status) ? 'failed' : stage.kind, `${stage.stage}: ${ms(stage.wallMs)} ms wall${stage.cpuMs !== undefined ? `, ${ms(stage.cpuMs)} ms CPU` : ''}`)),
      el('span', { class: 'time' }, `${ms(stage.wallMs)} ms`),
    )));
  }

  // An EdgeKV call reads as what it did (docs/edgekv.md): operation, namespace/group/item, hit or miss.
  const EDGEKV_OPS = { read: 'GET', write: 'PUT', delete: 'DELETE' };
  function edgeKvLabel(call) {
    const sandbox = call.sandboxId ? ` (sandbox ${call.sandboxId})` : '';
    return el('span', {}, el('span', { class: 'tag kv' }, 'EdgeKV'), ` ${EDGEKV_OPS[call.operation] || call.operation} ${call.namespace}/${call.group}/${call.item}${sandbox} `,
      el('span', { class: `tag ${call.result === 'error' ? 'err' : call.result}` }, call.result));
  }

  function waterfall(trace) {
    const subs = trace.subrequests || [];
    const end = subs.map((sub) => (sub.startMs || 0) + (sub.totalDurationMs ?? sub.durationMs ?? 0));
    const total = Math.max(trace.durationMs || 0, ...end, 0.001);
    if (subs.length === 0) return el('div', { id: 'waterfall', 'data-count': 0 }, el('p', { class: 'none' }, 'No sub-requests.'));
    return el('div', { class: 'chart', id: 'waterfall', 'data-count': subs.length }, subs.map((sub) => {
      const queued = sub.rateLimitedMs || 0;
      const start = (sub.startMs || 0) + queued;
      const segments = [];
      if (queued > 0) segments.push(bar(sub.startMs || 0, queued, total, 'queued', `queued ${ms(queued)} ms by the parallel limit`));
      if (sub.durationMs !== undefined) segments.push(bar(start, sub.durationMs, total, sub.error ? 'failed' : 'handler', `headers after ${ms(sub.durationMs)} ms`));
      if (sub.totalDurationMs !== undefined && sub.durationMs !== undefined && sub.totalDurationMs > sub.durationMs) {
        segments.push(bar(start + sub.durationMs, sub.totalDurationMs - sub.durationMs, total, 'handler body', `body read by ${ms(sub.totalDurationMs)} ms`));
      }
      return el('div', { class: `row subrequest${sub.edgekv ? ' edgekv' : ''}`, 'data-edgekv': sub.edgekv?.result, title: [sub.error, sub.bodyError, ...(sub.notes || [])].filter(Boolean).join('\n') || undefined },
        el('span', { class: 'label', title: `${sub.method} ${sub.url}` }, el('span', { class: statusClass(sub.status) }, sub.status ?? (sub.error ? 'ERR' : '…')), ' ', sub.edgekv ? edgeKvLabel(sub.edgekv) : `${sub.method} ${shortUrl(sub.url)}`),
        el('div', { class: 'track' }, segments),
        el('span', { class: 'time', title: sub.handler }, `${ms(sub.totalDurationMs ?? sub.durationMs)} ms · ${CODES[sub.handler] || sub.handler}`),
      );
    }));
  }

  function changeRows(label, changes) {
    return changes.map((change) => el('tr', {},
      el('td', {}, label), el('td', {}, change.name),
      el('td', { class: 'before' }, Array.isArray(change.before) ? change.before.join(', ') : change.before ?? ''),
      el('td', { class: 'after' }, Array.isArray(change.after) ? change.after.join(', ') : change.after ?? ''),
    ));
  }

  function changes(trace) {
    const blocks = trace.stages.map((stage) => {
      const rows = [
        ...changeRows('request header', stage.requestHeaderChanges || []),
        ...changeRows('response header', stage.responseHeaderChanges || []),
        ...changeRows('variable', stage.variableChanges || []),
      ];
      if (stage.route) rows.push(el('tr', {}, el('td', {}, 'route'), el('td', { colspan: 3 }, JSON.stringify(stage.route))));
      if (stage.responded) rows.push(el('tr', {}, el('td', {}, 'responded'), el('td', { colspan: 3 }, `status ${stage.responded.status}${stage.responded.denyReason ? ` (${stage.responded.denyReason})` : ''}`)));
      return rows.length === 0 ? null : el('div', { class: 'stage-changes' }, el('h4', {}, stage.stage), el('table', { class: 'changes' }, el('tbody', {}, rows)));
    }).filter(Boolean);
    return blocks.length > 0 ? blocks : [el('p', { class: 'none' }, 'No stage changed headers or variables.')];
  }

  function cache(trace) {
    const decision = trace.cache;
    if (!decision) return el('p', { class: 'none' }, 'No cache lookup (answered before the cache, or the cache is off).');
    return el('div', { class: 'facts', id: 'cache' },
      el('span', {}, 'lookup ', el('span', { class: `tag ${decision.lookup}` }, decision.lookup)),
      decision.key && el('span', {}, 'key ', el('b', {}, decision.key)),
      decision.reason && el('span', { class: 'muted' }, decision.reason),
      el('span', {}, decision.stored ? `stored for ${decision.ttlSeconds ?? '?'} s` : 'not stored'),
      decision.storeReason && el('span', { class: 'muted' }, decision.storeReason),
      decision.ageSeconds !== undefined && el('span', {}, `age ${decision.ageSeconds} s`),
    );
  }

  function logs(trace) {
    if (!trace.logs || trace.logs.length === 0) return el('p', { class: 'none' }, 'No log lines.');
    return el('table', { class: 'logs' }, el('tbody', {}, trace.logs.map((log) => el('tr', {},
      el('td', { class: 'muted' }, log.handler), el('td', {}, log.level),
      el('td', {}, log.message), el('td', { class: 'muted' }, log.file ? `${log.file}:${log.line ?? ''}` : ''),
    ))));
  }

  function errors(trace) {
    const failed = trace.stages.filter((stage) => stage.error);
    const subErrors = (trace.subrequests || []).filter((sub) => sub.error || sub.bodyError);
    const items = [
      ...failed.map((stage) => el('div', { class: 'error' }, `${stage.stage}: ${stage.error.name}: ${stage.error.message}`,
        ...(stage.error.frames || []).map((frame) => `\n    at ${frame.function || '<top>'} (${frame.file}:${frame.line}:${frame.column})`))),
      ...subErrors.map((sub) => el('div', { class: 'error' }, `${sub.method} ${sub.url}: ${sub.error || sub.bodyError}`)),
      ...(trace.origin?.error ? [el('div', { class: 'error' }, `origin ${trace.origin.url}: ${trace.origin.error}`)] : []),
      ...(trace.warnings || []).map((warning) => el('div', { class: 'warning' }, `${warning.stage ? `${warning.stage}: ` : ''}${warning.message} (${warning.code})`)),
    ];
    return items.length > 0 ? items : [el('p', { class: 'none' }, 'No errors or warnings.')];
  }

  function context(trace) {
    const sim = trace.simulation || {};
    const rows = [['client IP', trace.request?.clientIp], ['location', sim.location && JSON.stringify(sim.location)], ['device', sim.device && JSON.stringify(sim.device)],
      ['bot', sim.bot && JSON.stringify(sim.bot)], ['time', sim.now], ...Object.entries(sim.variables || {})].filter(([, value]) => value !== undefined);
    return el('table', { class: 'kv' }, el('tbody', {}, rows.map(([key, value]) => el('tr', {}, el('td', { class: 'muted' }, key), el('td', {}, value)))));
  }

  function renderDetail(trace) {
    const response = trace.response || {};
    $('#detail').replaceChildren(
      el('h2', {}, `${trace.request.method} ${trace.request.url}`),
      el('div', { class: 'facts' },
        el('span', {}, 'status ', el('b', { class: statusClass(response.status) }, response.status ?? '…')),
        el('span', {}, 'from ', el('b', {}, response.source ?? '…')),
        el('span', {}, el('b', {}, ms(trace.durationMs)), ' ms'),
        response.bodyBytes !== undefined && el('span', {}, `${response.bodyBytes} bytes`),
        trace.origin && el('span', {}, `origin ${trace.origin.status ?? trace.origin.error ?? ''} in ${ms(trace.origin.durationMs)} ms`),
        !trace.complete && el('span', { class: 'tag' }, 'streaming…'),
        el('span', { class: 'muted' }, trace.startedAt),
      ),
      el('div', { class: 'actions' },
        el('button', { id: 'export', type: 'button', onclick: () => exportTrace(trace) }, 'Export JSON'),
        el('a', { class: 'button', href: `${BASE}/trace/${encodeURIComponent(trace.id)}`, target: '_blank' }, 'Raw'),
      ),
      el('h3', {}, 'Stages'), timeline(trace),
      el('h3', {}, `Sub-requests (${(trace.subrequests || []).length})`), waterfall(trace),
      el('h3', {}, 'Cache'), cache(trace),
      el('h3', {}, 'Header and variable changes'), ...changes(trace),
      el('h3', {}, 'Logs'), logs(trace),
      el('h3', {}, 'Errors and warnings'), ...errors(trace),
      el('h3', {}, 'Simulated context'), context(trace),
    );
  }

  $('#filter').addEventListener('input', (event) => { state.filter = event.target.value.trim().toLowerCase(); renderList(new Set()); });
  // Live: server-sent events announce each finished trace; polling stays on as a slower fallback
  // (and is the only mechanism against a server without /__weft/events, such as weft serve).
  let timer = null;
  let events = null;
  const poll = (ms) => { clearInterval(timer); timer = setInterval(refresh, ms); };
  const schedule = () => {
    clearInterval(timer);
    timer = null;
    if (events) { events.close(); events = null; }
    if (!$('#live').checked) return;
    poll(POLL_MS);
    if (typeof EventSource !== 'function') return;
    events = new EventSource(`${BASE}/events`);
    events.addEventListener('trace', () => refresh());
    events.addEventListener('open', () => poll(POLL_MS * 5));
    events.addEventListener('error', () => poll(POLL_MS));
  };
  $('#live').addEventListener('change', schedule);
  refresh().then(() => { if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)), false); });
  schedule();
})();
