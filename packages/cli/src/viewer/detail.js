// One request's detail: facts, exports, charts, composition plans, CPU profile, headers, cache, changes, logs, errors, context.
import { announcesBody, curlCommand } from './curl';
import { harOf } from './har';
import { scaleOf, timeline, waterfall } from './charts.js';
import { planSection } from './plan.js';
import { profileButton, profileSection } from './profile.js';
import { parentLink, subrequestExtras } from './subrequest-facts.js';
import { $, copyBox, download, el, ms, showAndCopy, statusClass } from './dom.js';

const VERSION = typeof __WEFT_VERSION__ === 'string' ? __WEFT_VERSION__ : 'unknown';
const SIMULATION = /^x-weft-/i;

export function exportHar(traces, name) {
  download(name, 'application/json', JSON.stringify(harOf(traces, { name: 'Weft', version: VERSION }), null, 2));
}

function headerTable(id, recorded, caption, tagOf) {
  if (!recorded) return el('p', { class: 'none', id }, `${caption}: not recorded.`);
  const rows = recorded.lines.map(([name, value]) => el('tr', {}, el('td', { class: 'name' }, name, tagOf?.(name)), el('td', {}, value)));
  return el('div', { class: 'headers', id },
    el('h4', {}, caption, el('span', { class: 'muted' }, ` (${recorded.lines.length})`)),
    el('table', { class: 'kv' }, el('tbody', {}, rows)),
    recorded.omittedBytes ? el('p', { class: 'warning' }, `${recorded.omittedBytes} bytes of header lines past the trace's 16 KiB budget were not recorded.`) : null);
}

const simulationTag = (name) => (SIMULATION.test(name) ? [' ', el('span', { class: 'tag', title: 'a Weft simulation header: read and removed before any handler or origin sees the request' }, 'simulation')] : null);

/** The panel a sub-request row opens: what went out, what came back, its cache pass and subWorker, and curl to send it again. */
function subrequestDetail(sub, open) {
  const output = copyBox(undefined);
  const curl = () => curlCommand({ method: sub.method, url: sub.localUrl || sub.url, headers: sub.requestHeaders?.lines || [], hasBody: ['POST', 'PUT', 'PATCH'].includes(sub.method) });
  return el('div', { class: 'sub-detail' },
    el('div', { class: 'facts' }, el('span', { class: 'mono' }, `${sub.method} ${sub.url}`), sub.localUrl && el('span', { class: 'muted' }, `served locally by ${sub.localUrl}`),
      el('button', { type: 'button', class: 'copy-curl', onclick: () => showAndCopy(output, curl()) }, 'Copy as curl')),
    output,
    ...subrequestExtras(sub, open),
    (sub.error || sub.bodyError) && el('div', { class: 'error' }, sub.error || sub.bodyError),
    headerTable(undefined, sub.requestHeaders, 'Request headers'),
    headerTable(undefined, sub.responseHeaders, 'Response headers'));
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
  return el('table', { class: 'logs', id: 'logs' }, el('tbody', {}, trace.logs.map((log) => el('tr', { class: `log ${log.level}` },
    el('td', { class: 'muted' }, log.handler), el('td', {}, log.level),
    el('td', {}, log.message), el('td', { class: 'muted' }, log.file ? `${log.file}:${log.line ?? ''}` : ''),
  ))));
}

function errors(trace) {
  const failed = trace.stages.filter((stage) => stage.error);
  const subErrors = (trace.subrequests || []).filter((sub) => sub.error || sub.bodyError);
  const items = [
    ...failed.map((stage) => el('div', { class: 'error' }, `${stage.stage}: ${stage.error.context ? `${stage.error.context}\n` : ''}${stage.error.name}: ${stage.error.message}`,
      ...(stage.error.frames || []).map((frame) => `\n    at ${frame.function || '<top>'} (${frame.file}:${frame.line}:${frame.column})`))),
    ...subErrors.map((sub) => el('div', { class: 'error' }, `${sub.method} ${sub.url}: ${sub.error || sub.bodyError}`)),
    ...(trace.origin?.error ? [el('div', { class: 'error' }, `origin ${trace.origin.url}: ${trace.origin.error}`)] : []),
    ...(trace.response?.truncatedBy ? [el('div', { class: 'error' }, `the response body was cut short: ${trace.response.truncatedBy}`)] : []),
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

/** The client request as curl sends it to this server (the page's own origin), Host and all. */
function clientCurl(trace) {
  const headers = trace.request.headers?.lines || [];
  return curlCommand({ method: trace.request.method, url: new URL(trace.request.url, location.origin).href, headers, hasBody: announcesBody(headers) });
}

/** `around`: the listed traces (who shared a profiled request's thread) and how to open another trace. */
export function renderDetail(trace, base, around = { traces: [], open: () => undefined }) {
  const response = trace.response || {};
  const scale = scaleOf(trace);
  const curlOutput = copyBox('curl');
  // Sections that do not apply are null or false, which replaceChildren would write as text.
  const shown = (...sections) => sections.flat().filter((section) => section !== undefined && section !== null && section !== false);
  $('#detail').replaceChildren(...shown(
    el('h2', {}, `${trace.request.method} ${trace.request.url}`),
    el('div', { class: 'facts' },
      el('span', {}, 'status ', el('b', { class: statusClass(response.status) }, response.status ?? '…')),
      el('span', {}, 'from ', el('b', {}, response.source ?? '…')),
      el('span', {}, el('b', {}, ms(trace.durationMs)), ' ms'),
      typeof response.firstByteMs === 'number' && el('span', {}, `first byte at ${ms(response.firstByteMs)} ms`),
      response.bodyBytes !== undefined && el('span', {}, `${response.bodyBytes} bytes`),
      trace.origin && el('span', {}, `origin ${trace.origin.status ?? trace.origin.error ?? ''} in ${ms(trace.origin.durationMs)} ms`),
      !trace.complete && el('span', { class: 'tag' }, 'streaming…'),
      parentLink(trace, around.open),
      el('span', { class: 'muted' }, trace.startedAt),
    ),
    el('div', { class: 'actions' },
      el('button', { id: 'copy-curl', type: 'button', title: 'the request as the client sent it, to this server (bodies are not recorded)', onclick: () => showAndCopy(curlOutput, clientCurl(trace)) }, 'Copy as curl'),
      el('button', { id: 'export', type: 'button', onclick: () => download(`weft-trace-${trace.id}.json`, 'application/json', JSON.stringify(trace, null, 2)) }, 'Export JSON'),
      el('button', { id: 'export-har', type: 'button', title: 'HAR 1.2: the client exchange and each sub-request as entries', onclick: () => exportHar([trace], `weft-trace-${trace.id}.har`) }, 'Export HAR'),
      el('a', { class: 'button', href: `${base}/trace/${encodeURIComponent(trace.id)}`, target: '_blank' }, 'Raw'),
      ...profileButton(trace, base, around.open),
    ),
    curlOutput,
    el('h3', {}, 'Stages'), timeline(trace, scale),
    trace.profile && el('h3', {}, 'CPU profile'), profileSection(trace, base, around.traces),
    el('h3', {}, `Sub-requests (${(trace.subrequests || []).length})`), waterfall(trace, scale, (sub) => subrequestDetail(sub, around.open)),
    ...planSection(trace, scale),
    el('h3', {}, 'Headers'), headerTable('request-headers', trace.request.headers, 'Request headers', simulationTag), headerTable('response-headers', response.headers, 'Response headers'),
    el('h3', {}, 'Cache'), cache(trace),
    el('h3', {}, 'Header and variable changes'), ...changes(trace),
    el('h3', {}, 'Logs'), logs(trace),
    el('h3', {}, 'Errors and warnings'), ...errors(trace),
    el('h3', {}, 'Simulated context'), context(trace),
  ));
}
