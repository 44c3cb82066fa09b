// The CPU profile of a request (x-weft-profile: 1): its hottest functions, where they are, and the
// .cpuprofile for DevTools; and "Profile", which sends a recorded request again with the flag.
import { overlapping, profileHeaders, resendBlocker } from './profile-request';
import { el, ms } from './dom.js';

const KINDS = {
  worker: ['worker', 'the worker\'s own code, at its TypeScript position'],
  platform: ['platform', 'the EdgeWorkers platform as Weft implements it (built-in modules, request objects)'],
  weft: ['Weft', 'Weft and Node around the worker (the pipeline, the server)'],
  v8: ['V8', 'the engine itself: garbage collection, native code'],
};

/** Host files by their package path (the full URL is on hover); the worker's are its own relative paths. */
const shortFile = (file) => (file.startsWith('file://') ? file.replace(/^.*\/(?=(?:node_modules|packages)\/)/, '').replace(/^file:\/\/.*\//, '') : file);
const where = (fn) => (fn.file ? `${shortFile(fn.file)}:${fn.line}${fn.hotLine !== undefined && fn.hotLine !== fn.line ? ` (hottest line ${fn.hotLine})` : ''}` : '');

function hotTable(profile) {
  const busy = Math.max(0.001, profile.durationMs - profile.idleMs);
  return el('table', { id: 'profile-hot', class: 'hot' },
    el('thead', {}, el('tr', {}, el('th', { class: 'num' }, 'self ms'), el('th', { class: 'num' }, 'self %'), el('th', { class: 'num' }, 'total ms'), el('th', {}, 'function'), el('th', {}, 'source'), el('th', {}, ''))),
    el('tbody', {}, profile.hot.map((fn) => el('tr', { class: `hot-fn ${fn.kind}` },
      el('td', { class: 'num' }, ms(fn.selfMs)),
      el('td', { class: 'num' }, `${((fn.selfMs / busy) * 100).toFixed(1)}`),
      el('td', { class: 'num' }, ms(fn.totalMs)),
      el('td', { class: 'fn' }, fn.function),
      el('td', { class: 'where', title: fn.file ? `${fn.file}:${fn.line}:${fn.column}` : undefined }, where(fn)),
      el('td', {}, el('span', { class: `tag kind-${fn.kind}`, title: KINDS[fn.kind]?.[1] }, KINDS[fn.kind]?.[0] ?? fn.kind)),
    ))));
}

/** The panel of a profiled trace; null for one without a profile. */
export function profileSection(trace, base, traces) {
  const profile = trace.profile;
  if (!profile) return null;
  const others = overlapping(trace, traces);
  const thread = profile.thread === 'main' ? 'the server\'s main thread (in-process)' : 'its edge thread';
  return el('div', { id: 'profile' },
    el('div', { class: 'facts' },
      el('span', {}, el('b', {}, profile.samples), ' samples over ', el('b', {}, ms(profile.durationMs)), ' ms'),
      el('span', { class: 'muted' }, `from the first handler to the last byte, on ${thread}, every ${profile.intervalUs} µs asked`),
      el('span', {}, `idle ${ms(profile.idleMs)} ms`),
      el('span', { class: 'muted', title: 'V8 lists the code compiled so far; this runs before the first handler and is not in its CPU time, but is in the request\'s duration' }, `profiler start-up ${ms(profile.setupMs)} ms`),
      profile.bytes !== undefined && el('a', { id: 'profile-download', class: 'button', href: `${base}/trace/${encodeURIComponent(trace.id)}/profile.cpuprofile`, download: `weft-${trace.id}.cpuprofile`, title: 'Chrome DevTools: Performance panel, "Load profile"' }, 'Download .cpuprofile'),
    ),
    el('p', { class: 'warning', id: 'profile-shared' }, 'V8 samples the whole thread, not one request: whatever else ran on it meanwhile is in this profile too',
      profile.thread === 'main' ? ' (in-process, the server itself as well)' : ' (other requests on the same edge thread)',
      others > 0 ? `. ${others} other request${others === 1 ? '' : 's'} in the list ran on this thread during it.` : '.'),
    profile.note && el('p', { class: 'warning' }, profile.note),
    profile.hot.length > 0 ? hotTable(profile) : el('p', { class: 'none' }, 'No samples.'),
  );
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the request again with x-weft-profile: 1, then opens its trace once it is stored with its profile. */
async function profileAgain(trace, base, open, status) {
  status.textContent = 'Profiling…';
  const response = await fetch(new URL(trace.request.url, location.origin), { method: trace.request.method, headers: profileHeaders(trace.request.headers?.lines || []), redirect: 'manual', cache: 'no-store' });
  const id = response.headers.get('x-weft-trace-id');
  await response.arrayBuffer().catch(() => undefined);
  if (!id) {
    status.textContent = `Sent (${response.type === 'opaqueredirect' ? 'a redirect, whose headers the page cannot read' : `HTTP ${response.status}, no trace id`}): find the request in the list.`;
    return;
  }
  // The trace is stored once its profile has been read, a little after the last byte.
  for (let i = 0; i < 100; i++) {
    const found = await fetch(`${base}/trace/${encodeURIComponent(id)}`, { cache: 'no-store' });
    if (found.ok) {
      status.textContent = '';
      await open(id);
      return;
    }
    await sleep(100);
  }
  status.textContent = `Trace ${id} did not appear.`;
}

/** The "Profile" button, with its status line. */
export function profileButton(trace, base, open) {
  const status = el('span', { id: 'profile-status', class: 'muted' });
  const blocker = resendBlocker(trace.request.method, trace.request.headers?.lines || []);
  const button = el('button', {
    id: 'profile-again',
    type: 'button',
    disabled: blocker !== undefined,
    title: blocker ?? 'send this request again with x-weft-profile: 1 and show the CPU profile of its handlers (the browser sets Host, Cookie and a few other headers itself; Copy as curl sends them as recorded)',
    onclick: () => profileAgain(trace, base, open, status).catch((error) => { status.textContent = `Could not send it: ${error.message}`; }),
  }, 'Profile');
  return [button, status];
}
