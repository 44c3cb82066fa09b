import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { describeFailure, reportInternalError } from '../../src/report/internal-error.ts';
import { unhandledRejectionReporter } from '../../src/report/unhandled-rejection.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';

function collect(): { text: () => string; write: (chunk: string) => void } {
  let text = '';
  return { text: () => text, write: (chunk) => void (text += chunk) };
}

describe('internal errors reach the terminal', () => {
  it('reports a host promise nobody handled, with its stack, and carries on', () => {
    const out = collect();
    const report = unhandledRejectionReporter('an edge thread', out.write);
    const reason = new Error('the trace store broke');
    const promise = Promise.reject(reason);
    promise.catch(() => undefined); // this test hands the promise to the reporter itself
    report(reason, promise);
    expect(out.text()).toMatch(/^weft: internal error in an edge thread, a rejected promise nobody handled/);
    expect(out.text()).toContain('Error: the trace store broke\n    at ');
    expect(out.text()).toContain('still serving');
  });

  it('leaves a rejection a worker left behind alone (spec §1.5: the platform does not report it)', () => {
    const out = collect();
    const report = unhandledRejectionReporter('an edge thread', out.write);
    const realm = vm.createContext({});
    const promise = vm.runInContext('const p = Promise.reject(new Error("fire and forget")); p.catch(() => {}); p', realm) as Promise<unknown>;
    report(new Error('fire and forget'), promise);
    expect(out.text()).toBe('');
  });

  it('describes a worker Proxy without running any of its traps', () => {
    let trapped = 0;
    const hostile = new Proxy({}, { get: () => { trapped += 1; throw new Error('trap'); }, getPrototypeOf: () => { trapped += 1; return null; }, getOwnPropertyDescriptor: () => { trapped += 1; return undefined; } });
    expect(describeFailure(hostile)).toBe('a thrown object that is not an Error');
    expect(trapped).toBe(0);
  });

  it('does not run a getter a worker put on the stack of an error it threw', () => {
    const realm = vm.createContext({});
    const thrown = vm.runInContext('const e = new Error("x"); Object.defineProperty(e, "stack", { get() { throw new Error("getter ran"); } }); e', realm) as unknown;
    expect(describeFailure(thrown)).toBe('Error: x');
  });

  it('also writes a warning into the trace of the request involved', () => {
    const out = collect();
    const trace = new TraceRecorder('t-1', { method: 'GET', scheme: 'http', host: 'example.com', url: '/a', clientIp: '127.0.0.1' }, () => 0);
    reportInternalError('storing the trace of GET /a', new TypeError('cannot read x'), { trace, write: out.write });
    expect(out.text()).toMatch(/^weft: internal error while storing the trace of GET \/a \(a bug in Weft, please report it with this stack\): TypeError: cannot read x\n {4}at /);
    expect(trace.trace.warnings).toEqual([{ code: 'internal-error', message: expect.stringContaining('Weft failed while storing the trace of GET /a: TypeError: cannot read x') }]);
  });
});
