// A composition's plan (trace `compositions[]`, issue 17): one row per source with what it waited
// for and what became of it, its bar on the sub-request waterfall's time axis (the same scale),
// and its sub-requests one click away (their rows in the waterfall are highlighted and opened).
import { bar, chart, subrequestRowId } from './charts.js';
import { el, ms } from './dom.js';

const OUTCOMES = { ran: 'ran', skipped: 'skipped', 'timed-out': 'timed out', 'fell-back': 'fell back', failed: 'failed' };
const BAR_CLASS = { ran: 'handler', 'timed-out': 'failed', failed: 'failed', 'fell-back': 'fallback', skipped: 'system' };

/** Highlights the waterfall rows of `ids` (and opens the first), scrolled into view. */
function showSubrequests(handler, ids) {
  for (const row of document.querySelectorAll('#waterfall .row.linked')) row.classList.remove('linked');
  const rows = ids.map((id) => document.getElementById(subrequestRowId(handler, id))).filter(Boolean);
  for (const row of rows) row.classList.add('linked');
  if (rows[0]) {
    if (!rows[0].classList.contains('open')) rows[0].click();
    rows[0].scrollIntoView({ block: 'nearest' });
  }
}

function sourceRow(composition, source, total) {
  const outcome = OUTCOMES[source.outcome] || source.outcome;
  const skippedByRule = source.outcome === 'skipped' && /when condition/.test(source.reason || '');
  const timed = typeof source.startMs === 'number' && typeof source.durationMs === 'number';
  const ids = source.subrequestIds || [];
  const title = [`${source.name}: ${outcome}${skippedByRule ? ' by its rule' : ''}`, source.reason, source.dependsOn?.length ? `waited for ${source.dependsOn.join(', ')}` : null].filter(Boolean).join('\n');
  const open = () => showSubrequests(composition.handler, ids);
  return el('div', {
    class: `row plan-source ${source.outcome}${ids.length > 0 ? ' linked-source' : ''}`, 'data-source': source.name, 'data-outcome': source.outcome, title,
    ...(ids.length > 0 ? { role: 'button', tabindex: 0, onclick: open, onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); open(); } } } : {}),
  },
    el('span', { class: 'label' },
      source.name, ' ',
      el('span', { class: `tag outcome ${source.outcome}` }, skippedByRule ? 'skipped by rule' : outcome),
      source.dependsOn?.length ? el('span', { class: 'deps muted' }, ` ← ${source.dependsOn.join(', ')}`) : null),
    el('div', { class: 'track' }, timed ? bar(source.startMs, source.durationMs, total, `plan ${BAR_CLASS[source.outcome] || 'handler'}`, title) : null),
    el('span', { class: 'time' }, timed ? `${ms(source.durationMs)} ms` : '', ids.length > 0 ? ` · ${ids.map((id) => `#${id}`).join(' ')}` : ''),
  );
}

function reasons(composition) {
  const explained = composition.sources.filter((source) => source.reason);
  if (explained.length === 0) return null;
  return el('ul', { class: 'plan-reasons' }, explained.map((source) => el('li', { 'data-source': source.name }, el('b', {}, source.name), ` ${OUTCOMES[source.outcome] || source.outcome}: ${source.reason}`)));
}

/** The "Plan" section: one chart per composition the trace recorded, or nothing when there is none. */
export function planSection(trace, scale) {
  const compositions = trace.compositions || [];
  if (compositions.length === 0) return [];
  return [
    el('h3', {}, compositions.length === 1 ? 'Plan' : `Plans (${compositions.length})`),
    ...compositions.map((composition, index) => el('div', { class: 'plan', id: `plan-${index}`, 'data-kind': composition.kind },
      el('div', { class: 'facts' },
        el('b', {}, composition.name || `${composition.kind === 'page' ? 'page' : 'API'} composition`),
        el('span', { class: 'muted' }, `${composition.kind} · ${composition.handler}`),
        composition.partial && el('span', { class: 'tag partial', title: 'a source fell back or is absent: X-Compose-Completed: false' }, 'partial')),
      chart(`plan-chart-${index}`, scale, composition.sources.map((source) => sourceRow(composition, source, scale.total))),
      reasons(composition))),
  ];
}
