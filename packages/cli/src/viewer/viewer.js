// The trace viewer: plain browser JavaScript, bundled into the page (page.ts), no network beyond
// this server. It reads the runtime's trace endpoints (GET /__weft/traces, GET /__weft/trace/:id),
// which `weft dev` and `weft serve` both answer, and polls for new requests while "live" is on;
// the dev server's extras (/__weft/build, /__weft/events) are used when they answer.
import { $, el, ms, statusClass } from './dom.js';
import { exportHar, renderDetail } from './detail.js';

const BASE = location.pathname.replace(/\/+$/, '').replace(/\/viewer$/, '') || '/__weft';
const POLL_MS = 1000;
const state = { traces: [], known: new Set(), selected: null, detail: null, filter: '', devServer: undefined };

const pathOf = (trace) => { try { const url = new URL(trace.request.url, 'http://x'); return url.pathname + url.search; } catch { return trace.request?.url ?? '?'; } };
const timeOf = (trace) => { const date = new Date(trace.startedAt); return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour12: false }); };

async function getJson(path) {
  const response = await fetch(BASE + path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw Object.assign(new Error(`${path}: HTTP ${response.status}`), { status: response.status });
  return response.json();
}

function normalizeList(body) {
  const list = Array.isArray(body) ? body : Array.isArray(body?.traces) ? body.traces : [];
  return list.filter((trace) => trace && typeof trace.id === 'string');
}

function setStatus(text) { $('#status').textContent = text; }

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

// The dev server's build state: the app's name, and its build error. `weft serve` has none (404),
// and is not asked again.
async function refreshBuild() {
  if (state.devServer === false) return;
  try {
    const build = await getJson('/build');
    state.devServer = true;
    $('#app-name').textContent = [build.app, build.isolation === 'thread' ? 'edge thread' : build.isolation].filter(Boolean).join(' · ');
    const banner = $('#build-error');
    banner.hidden = build.state !== 'failed';
    banner.textContent = build.state === 'failed' ? `Build failed; requests get an error page until it is fixed:\n${build.error}` : '';
  } catch (error) {
    if (error.status === 404) {
      state.devServer = false;
      $('#app-name').textContent = 'weft serve';
    }
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
    el('td', { class: 'path', title: trace.request?.url }, pathOf(trace), trace.profile ? [' ', el('span', { class: 'tag profiled', title: 'a CPU profile was recorded (x-weft-profile: 1)' }, 'profile')] : null),
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
    renderDetail(state.detail, BASE, { traces: state.traces, open: openTrace });
  } catch (error) {
    $('#detail').replaceChildren(el('p', { class: 'error' }, `Cannot load trace ${id}: ${error.message}`));
  }
}

/** Opens a trace that may not be listed yet (a request "Profile" just sent). */
async function openTrace(id) {
  await refresh();
  await select(id, true);
}

$('#filter').addEventListener('input', (event) => { state.filter = event.target.value.trim().toLowerCase(); renderList(new Set()); });
$('#export-all-har').addEventListener('click', () => exportHar(state.traces.filter(matches), 'weft-traces.har'));

// Live: server-sent events announce each finished trace; polling stays on as a slower fallback
// (and is the only mechanism against a server without /__weft/events, such as weft serve).
let timer = null;
let events = null;
const poll = (every) => { clearInterval(timer); timer = setInterval(refresh, every); };
const schedule = () => {
  clearInterval(timer);
  timer = null;
  if (events) { events.close(); events = null; }
  if (!$('#live').checked) return;
  poll(POLL_MS);
  if (typeof EventSource !== 'function' || state.devServer === false) return;
  events = new EventSource(`${BASE}/events`);
  events.addEventListener('trace', () => refresh());
  events.addEventListener('open', () => poll(POLL_MS * 5));
  events.addEventListener('error', () => {
    poll(POLL_MS);
    // A server without the endpoint answers 404, which ends the stream for good.
    if (events?.readyState === EventSource.CLOSED) events = null;
  });
};
$('#live').addEventListener('change', schedule);
refresh().then(() => { if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)), false); });
schedule();
