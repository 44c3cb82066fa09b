/**
 * What a thread does with a promise rejection nobody handled. One a worker left behind (fire and
 * forget) is the worker's business: spec §1.5, the platform does not report it and execution
 * continues. One of the host's own promises is a bug in Weft: it is reported with its stack, and
 * the thread keeps serving its other requests.
 */
import { describeFailure, type ReportWriter } from './internal-error.ts';

/** A promise made by host code: worker realms (vm contexts) have their own Promise.prototype. */
function isHostPromise(promise: Promise<unknown>): boolean {
  // getPrototypeOf on a real promise runs no code, so a worker cannot intervene here.
  return Object.getPrototypeOf(promise) === Promise.prototype;
}

export function unhandledRejectionReporter(where: string, write: ReportWriter = (text) => void process.stderr.write(text)): (reason: unknown, promise: Promise<unknown>) => void {
  return (reason, promise) => {
    if (!isHostPromise(promise)) return;
    write(`weft: internal error in ${where}, a rejected promise nobody handled (a bug in Weft, please report it with this stack); still serving: ${describeFailure(reason)}\n`);
  };
}
