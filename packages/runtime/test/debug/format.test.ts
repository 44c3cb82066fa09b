import { describe, expect, it } from 'vitest';
import { formatInfoHeader, formatStatusMessage, formatSubrequestEntry, readDebugRequest } from '../../src/index.ts';
import { formatLogHeader } from '../../src/debug/log-header.ts';

const identity = { ewId: 9, version: '7.0', name: 'EW for example.com' };
const report = { status: 'Success', wallMs: 0, cpuMs: 0, initWallMs: 0, initCpuMs: 0, memoryBytes: 672 };

describe('§22 formats', () => {
  it('§22.3 standard: `ew=<id> v<version>:<name>; status=<Status>`', () => {
    expect(formatInfoHeader(identity, report, false, { tier: 200 })).toBe('ew=9 v7.0:EW for example.com; status=Success');
    expect(formatInfoHeader(identity, { ...report, status: 'ExecutionError' }, false, { tier: 200 })).toBe('ew=9 v7.0:EW for example.com; status=Failed');
  });
  it('decision 7: unimplemented prints an empty version', () => {
    expect(formatInfoHeader({ ewId: 809212161, version: '1', name: 'swparent' }, { ...report, status: 'UnimplementedEventHandler' }, true, { tier: 200 })).toBe('ew=809212161 v:swparent; status=UnimplementedEventHandler');
  });
  it('§22.4 / decision 8: the documented enhanced example, with `; ` and 3 decimals', () => {
    expect(formatInfoHeader(identity, report, true, { tier: 200 })).toBe('ew=9 v7.0:EW for example.com; status=Success; status_msg=-; res_tier=200; init_wall_time=0.000; wall_time=0.000; init_cpu_time=0.000; cpu_time=0.000; memory_usage=672');
  });
  it('§22.4: status_msg reproduces the documented example', () => {
    const error = { name: 'ReferenceError', message: 'calling_undefined_fn is not defined', frames: [
      { file: 'main.js', function: 'runtime_error', line: 5, column: 2 },
      { file: 'main.js', function: 'red_team', line: 16, column: 3 },
      { file: 'main.js', function: 'onClientRequest', line: 39, column: 3 },
    ] };
    expect(formatStatusMessage(error)).toBe('main.js:runtime_error:5:2,main.js:red_team:16:3,main.js:onClientRequest:39:3+ReferenceError:+calling_undefined_fn+is+not+defined');
  });
  it('§22.5: a sub-request entry', () => {
    const entry = formatSubrequestEntry(3693, 'responseProvider', { id: 1, method: 'GET', url: 'http://www.example.com/api/request1.json', status: 200, error: undefined, durationMs: 25.668, totalDurationMs: 27.633, bodyError: undefined, rateLimitedMs: undefined, startedAt: 0, notes: [] });
    expect(entry).toBe('ew=3693; evt=RP; id=1; method="GET"; url="http://www.example.com/api/request1.json"; rsp=200; dur=25.668; total_dur=27.633');
  });
  it('§16: log header entries, repeated file omitted, cap with `$`', () => {
    const entries = [
      { level: 'debug' as const, file: 'main.js', line: 4, message: "The request's host is : www.example.com " },
      { level: 'debug' as const, file: 'main.js', line: 5, message: 'a|b é' },
    ];
    expect(formatLogHeader(entries, 1024)).toBe("D:main.js:4 The request's host is : www.example.com |D::5 a%7Cb %C3%A9");
    expect(formatLogHeader(entries, 20)).toBe('D:main.js:4 The req$');
    expect(formatLogHeader(entries, 1024, 'warn')).toBeUndefined();
  });
  it('§22.1: pragma tokens, enhanced only with a token, single-handler pragmas', () => {
    const headers = (map: Record<string, string>) => (name: string) => (map[name] === undefined ? undefined : [map[name] as string]);
    const standard = readDebugRequest(headers({ pragma: 'akamai-x-ew-debug, akamai-x-ew-debug-subs' }), undefined);
    expect(standard.enhanced).toBe(false);
    expect(standard.subrequests).toBe(true);
    expect(standard.infoFor.has('onClientResponse')).toBe(true);
    const single = readDebugRequest(headers({ pragma: 'akamai-x-ew-onclientresponse', 'akamai-ew-trace': 'x' }), undefined);
    expect([...single.infoFor]).toEqual(['onClientResponse']);
    expect(single.enhanced).toBe(true);
    expect(readDebugRequest(headers({ pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 'wrong' }), 'right').enhanced).toBe(false);
    expect(readDebugRequest(headers({ pragma: 'akamai-x-ew-debug-subs' }), undefined).subrequests).toBe(false);
  });
});
