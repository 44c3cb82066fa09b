// The interrupt holder (interrupts.ts): keeps one vm run with breakOnSigint open for the life of the
// process's edge pools, so Node's SIGINT helper thread stays started and the edge threads' guarded
// runs cost no thread start of their own. The main thread can wake the run (WAKE) to leave it and
// open it again, which makes Node install its SIGINT handler anew; ACK counts those. A SIGINT that
// reaches this run and that the watchdog did not send is the user's Ctrl-C: the main thread hears
// of it. Plain JS: it loads nothing else.
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';

const { OURS, STOP, WAKE, ACK } = workerData.slots;
const shared = new Int32Array(workerData.shared);
const context = vm.createContext({ Atomics, shared, WAKE, seen: 0 });
const hold = new vm.Script('Atomics.wait(shared, WAKE, seen)');

// The WAKE count this thread has answered. It starts at the slot's first value, not at whatever the
// slot holds once this thread gets going: a wake sent while it was still starting (a pool ready
// quickly, its SIGINT listener added at once) must end the first run, not be taken for the start.
let seen = 0;
for (;;) {
  context.seen = seen;
  try {
    hold.runInContext(context, { breakOnSigint: true });
  } catch (error) {
    if (error?.code !== 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw error;
    // One the watchdog sent for a run that ended before it arrived is spent here; any other is the user's.
    let ours = Atomics.load(shared, OURS);
    while (ours > 0) {
      const before = Atomics.compareExchange(shared, OURS, ours, ours - 1);
      if (before === ours) break;
      ours = before;
    }
    if (ours <= 0) parentPort.postMessage('sigint');
  }
  if (Atomics.load(shared, STOP) !== 0) break;
  seen = Atomics.load(shared, WAKE);
  Atomics.add(shared, ACK, 1);
}
