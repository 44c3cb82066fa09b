/** The dev server's admission of subWorker calls (platform §20, decision 36): opt-in, depth, and 5 executions per root request and tree. */
import { describe, expect, it } from 'vitest';
import { admitSubWorkerCall } from '../src/dev/subworker-gate.ts';

const call = (root: string, tree: string, depth = 1): Array<[string, string]> => [['host', 'reco.example'], ['X-Weft-Subworker', `root=${root}; parent=p; depth=${depth}; tree=${tree}`]];
const statusOf = (headers: Array<[string, string]>): string | undefined => /status=([^;]+)/.exec(headers[1]?.[1] ?? '')?.[1];

describe('subWorker admission', () => {
  it('admits 5 executions per root request in each tree, the responseProvider tree counted apart', () => {
    const rp = Array.from({ length: 6 }, () => statusOf(admitSubWorkerCall(call('root-a', 'rp'), true)));
    expect(rp).toEqual([undefined, undefined, undefined, undefined, undefined, 'subWorker limit hit']);
    expect(statusOf(admitSubWorkerCall(call('root-a', 'events'), true))).toBeUndefined();
    expect(statusOf(admitSubWorkerCall(call('root-b', 'rp'), true))).toBeUndefined();
  });

  it('refuses an app that does not opt in without counting it, and leaves other requests alone', () => {
    expect(statusOf(admitSubWorkerCall(call('root-c', 'rp'), false))).toBe('SubworkerNotEnabled');
    const plain: Array<[string, string]> = [['host', 'x']];
    expect(admitSubWorkerCall(plain, true)).toBe(plain);
  });

  it('leaves a call past depth 2 to the pipeline, which refuses it itself', () => {
    const deep = call('root-d', 'rp', 3);
    expect(admitSubWorkerCall(deep, true)).toBe(deep);
  });
});
