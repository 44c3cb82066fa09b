/**
 * At the edge `logger` is Akamai's, without Weft's report hook: compose logs its report as a line
 * of the matching level instead (core/report.ts), which enhanced debugging and DataStream 2 show.
 */
import { describe, expect, it, vi } from 'vitest';

const calls: Array<[string, unknown[]]> = [];
vi.mock('log', () => ({
  logger: Object.freeze({
    log: (...args: unknown[]) => calls.push(['log', args]),
    trace: (...args: unknown[]) => calls.push(['trace', args]),
    debug: (...args: unknown[]) => calls.push(['debug', args]),
    info: (...args: unknown[]) => calls.push(['info', args]),
    warn: (...args: unknown[]) => calls.push(['warn', args]),
    error: (...args: unknown[]) => calls.push(['error', args]),
  }),
}));

const { reportError, reportPlan, reportWarning } = await import('../../src/core/report.ts');

describe('compose reports on a logger without the report hook', () => {
  it('logs an error line and a warn line, the message passed as a value, never as a format', () => {
    reportError('compose-merge', 'the merge function or a response option threw, answering 500', new TypeError('100% broken'));
    reportWarning('compose-partial', 'the answer is partial');
    expect(calls).toEqual([
      ['error', ['%s', 'compose: the merge function or a response option threw, answering 500: TypeError: 100% broken']],
      ['warn', ['%s', 'compose: the answer is partial']],
    ]);
  });

  it('sends a plan nowhere: no log line spends the handler\'s 1 KB of log on it', () => {
    calls.length = 0;
    reportPlan({ kind: 'api', partial: false, sources: [{ name: 'user', dependsOn: [], outcome: 'ran' }] });
    // Nor is a plan given as a function even built.
    reportPlan(() => { throw new Error('a plan was built at the edge'); });
    expect(calls).toEqual([]);
  });
});
