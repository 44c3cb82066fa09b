import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/loader/load.ts';
import { createSandbox } from '../../src/sandbox/instance.ts';
import { applyOutcome } from '../../src/sandbox/handler-wire.ts';
import { createSandboxProvider } from '../../src/sandbox/provider.ts';
import { REMOVED_GLOBALS } from '../../src/sandbox/globals.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { HeaderList } from '@weft/platform';
import { callInput, invocationContext } from './context.ts';

async function sandboxOf(main: string, files: Record<string, string> = {}, options = {}) {
  return createSandbox(await loadBundle(writeBundle({ 'main.js': main, ...files })), options);
}

describe('sandbox globals (decision 18, spec §1.3)', () => {
  it('shows no Node or web globals', async () => {
    const names = ['process', 'require', 'Buffer', 'fetch', 'setTimeout', 'setInterval', 'queueMicrotask', 'console', 'URL', 'TextEncoder', 'TextDecoder', 'crypto', 'ReadableStream', 'structuredClone', 'global', 'module', 'exports', ...REMOVED_GLOBALS];
    const sandbox = await sandboxOf(`export function onClientRequest() { return ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined'); }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('Success');
    expect(outcome.value).toEqual([]);
  });

  // The realm's entry (sandbox/realm-entry.ts) is a script-scope binding, not a global property:
  // worker code lists exactly the ECMAScript globals a fresh context has, minus those the edge removes.
  it('lists only ECMAScript globals as properties of its global object, nothing of Weft', async () => {
    const fresh = (vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]).filter((name) => !(REMOVED_GLOBALS as readonly string[]).includes(name));
    const sandbox = await sandboxOf(`export function onClientRequest() {
      return { names: Object.getOwnPropertyNames(globalThis), symbols: Object.getOwnPropertySymbols(globalThis).map(String) };
    }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('Success');
    const { names, symbols } = outcome.value as { names: string[]; symbols: string[] };
    expect([...names].sort()).toEqual([...fresh].sort());
    expect(symbols).toEqual([]);
  });

  it('makes eval and new Function throw EvalError, and WebAssembly undefined', async () => {
    const sandbox = await sandboxOf(`
      const kind = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
      export function onClientRequest() {
        return [kind(() => eval('1 + 1')), kind(() => new Function('return 1')), kind(() => (0, eval)('2')), typeof WebAssembly];
      }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.value).toEqual(['EvalError', 'EvalError', 'EvalError', 'undefined']);
  });

  it('keeps the ECMAScript globals (JSON, Intl, Map, Promise...)', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { return [typeof JSON.parse, typeof Intl.DateTimeFormat, new Map([[1, 2]]).get(1), typeof Promise.all, encodeURIComponent('a b')]; }`);
    expect((await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).value).toEqual(['function', 'function', 2, 'function', 'a%20b']);
  });

  // spec §1.1: a handler that is not exported is UnimplementedEventHandler, not an error; a main.js
  // with no code at all is the limit case and must load.
  it('loads an empty main.js as a worker with no handlers', async () => {
    const sandbox = await sandboxOf('');
    expect(sandbox.failure).toBeUndefined();
    expect(sandbox.has('onClientRequest')).toBe(false);
  });

  it('runs module code in strict mode', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { try { undeclared = 1; return 'sloppy'; } catch (e) { return e.name; } }`);
    expect((await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).value).toBe('ReferenceError');
  });
});

describe('frozen time (decision 17)', () => {
  it('returns the handler start time from Date.now() and new Date() across an await', async () => {
    const sandbox = await sandboxOf(`
      export async function onClientRequest() {
        const before = Date.now();
        const d1 = new Date().getTime();
        for (let i = 0; i < 5; i++) await null;
        return [before, d1, Date.now(), new Date().getTime(), typeof Date(), new Date(0).getTime(), new Date() instanceof Date];
      }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const [before, d1, after, d2, str, zero, isDate] = outcome.value as number[];
    expect(after).toBe(before);
    expect(d1).toBe(before);
    expect(d2).toBe(before);
    expect(str).toBe('string');
    expect(zero).toBe(0);
    expect(isDate).toBe(true);
  });

  it('uses the per-request time (x-weft-now) or the config clock (decision 33)', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { return new Date().toISOString(); }`, {}, { clock: Date.parse('2030-01-02T03:04:05Z') });
    expect((await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).value).toBe('2030-01-02T03:04:05.000Z');
    const now = Date.parse('2031-05-06T07:08:09Z');
    expect((await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext(), { now })).value).toBe('2031-05-06T07:08:09.000Z');
  });

  it('gives concurrent invocations their own start times', async () => {
    // The first call waits for the second to start (module state is shared within an instance).
    const sandbox = await sandboxOf(`let release; const gate = new Promise((r) => { release = r; });
      export async function onClientRequest(request) { if (request.getHeader('x-second')) release(); else await gate; return Date.now(); }`);
    const [a, b] = await Promise.all([
      sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext(), { now: 1000 }),
      sandbox.invoke('onClientRequest', callInput('onClientRequest', { headers: new HeaderList({ 'x-second': '1' }) }), invocationContext(), { now: 2000 }),
    ]);
    expect([a.value, b.value]).toEqual([1000, 2000]);
  });
});

describe('seeded randomness (decision 33)', () => {
  it('repeats Math.random for the same seed', async () => {
    const main = `export function onClientRequest() { return [Math.random(), Math.random()]; }`;
    const a = await (await sandboxOf(main, {}, { seed: 7 })).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const b = await (await sandboxOf(main, {}, { seed: 7 })).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const c = await (await sandboxOf(main, {}, { seed: 8 })).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(a.value).toEqual(b.value);
    expect(a.value).not.toEqual(c.value);
    for (const value of a.value as number[]) expect(value >= 0 && value < 1).toBe(true);
  });

  it('repeats crypto.getRandomValues for the same seed and keeps the platform checks', async () => {
    const main = `import { crypto } from 'crypto';\nexport function onClientRequest() { let big; try { crypto.getRandomValues(new Uint8Array(70000)); } catch (e) { big = e.name; } return [Array.from(crypto.getRandomValues(new Uint8Array(8))), big]; }`;
    const a = await (await sandboxOf(main, {}, { seed: 3 })).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const b = await (await sandboxOf(main, {}, { seed: 3 })).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const unseeded = await (await sandboxOf(main)).invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(a.status).toBe('Success');
    expect(a.value).toEqual(b.value);
    expect((a.value as unknown[])[1]).toBe((unseeded.value as unknown[])[1]);
    expect((a.value as unknown[])[1]).toBeDefined();
  });
});

describe('module state and init (decision 29, spec §1.4)', () => {
  it('runs top-level code once per instance and keeps module state across requests', async () => {
    const bundle = await loadBundle(writeBundle({ 'main.js': `let count = 0;\nexport function onClientRequest() { return ++count; }` }));
    const provider = createSandboxProvider(bundle);
    const first = await provider.forRequest().invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    const second = await provider.forRequest().invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect([first.value, second.value]).toEqual([1, 2]);
    expect(first.initWallMs).toBeGreaterThan(0);
    expect(second.initWallMs).toBe(0);
    const perRequest = createSandboxProvider(bundle, { instancePerRequest: true });
    await perRequest.forRequest().invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect((await perRequest.forRequest().invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).value).toBe(1);
  });

  it('reports an unimplemented handler without running anything', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() {}`);
    expect(sandbox.has('onClientRequest')).toBe(true);
    expect(sandbox.has('onOriginRequest')).toBe(false);
    expect((await sandbox.invoke('onOriginRequest', callInput('onOriginRequest'), invocationContext())).status).toBe('UnimplementedEventHandler');
  });

  it('fails every invocation with GenericError when the bundle did not load', async () => {
    const sandbox = await sandboxOf(`import x from 'nope';\nexport function onClientRequest() {}`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('GenericError');
    expect(outcome.error?.message).toBe('"nope"');
  });

  it('fails with InitCpuTimeoutError when top-level code loops past the init limit (§21.1)', async () => {
    const sandbox = await sandboxOf(`while (true) {}\nexport function onClientRequest() {}`, {}, { tier: 100, overrides: { initCpuMs: 20 } });
    expect(sandbox.failure?.status).toBe('InitCpuTimeoutError');
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('InitCpuTimeoutError');
    expect(outcome.error?.message).toMatch(/20 ms init CPU limit/);
  });

  // The init CPU limit is checked against the CPU clock once the top level finished (vm's timeout,
  // which counts wall time, only guards against a runaway): bounded work past the limit still fails.
  it('fails with InitCpuTimeoutError when finished top-level code used more CPU than the init limit (§21.1)', async () => {
    const sandbox = await sandboxOf(`let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7;\nexport function onClientRequest() { return x; }`, {}, { tier: 100, cpuGraceMs: 5, overrides: { initCpuMs: 20 } });
    expect(sandbox.failure?.status).toBe('InitCpuTimeoutError');
    expect(sandbox.failure?.error.message).toMatch(/20 ms init CPU limit/);
  });

  it('reports a throw in top-level code as an ExecutionError with its frame', async () => {
    const sandbox = await sandboxOf(`import './lib.js';\nexport function onClientRequest() {}`, { 'lib.js': `\n\nthrow new TypeError('bad init');\n` });
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('ExecutionError');
    expect(outcome.error).toMatchObject({ name: 'TypeError', message: 'bad init' });
    expect(outcome.error?.frames[0]).toMatchObject({ file: 'lib.js', line: 3, column: 7 });
  });
});

describe('faults and their positions (spec §22.4)', () => {
  it('maps stack frames to the original files, functions, lines and columns', async () => {
    const sandbox = await sandboxOf(`import { runtime_error } from 'lib/errors.js';
function red_team() {
  runtime_error();
}
export function onClientRequest() {
  red_team();
}
`, { 'lib/errors.js': `export function runtime_error() {\n  calling_undefined_fn();\n}\n` });
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('ExecutionError');
    expect(outcome.error?.name).toBe('ReferenceError');
    expect(outcome.error?.message).toBe('calling_undefined_fn is not defined');
    expect(outcome.error?.frames).toEqual([
      { file: 'lib/errors.js', function: 'runtime_error', line: 2, column: 3 },
      { file: 'main.js', function: 'red_team', line: 3, column: 3 },
      { file: 'main.js', function: 'onClientRequest', line: 6, column: 3 },
    ]);
    expect(outcome.error?.stack).toMatch(/at red_team \(main\.js:3:3\)/);
  });

  it('shows mapped positions to worker code reading err.stack', async () => {
    const sandbox = await sandboxOf(`import { x } from './x.js';\nexport function onClientRequest() {\n  return new Error('here').stack;\n}\n`, { 'x.js': 'export const x = 1;' });
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.value).toMatch(/^Error: here\n    at onClientRequest \(main\.js:3:10\)/);
  });

  it('reports a rejected promise as ExecutionError and a non-Error throw by its value', async () => {
    const rejected = await sandboxOf(`export async function onClientRequest() { await null; throw new RangeError('late'); }`);
    expect((await rejected.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).error).toMatchObject({ name: 'RangeError', message: 'late' });
    const thrown = await sandboxOf(`export function onClientRequest() { throw 'plain'; }`);
    expect((await thrown.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).error).toMatchObject({ name: 'Error', message: 'Uncaught plain' });
  });

  it('fails a never-settling handler with WallTimeoutError at the wall limit (§2.6)', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { return new Promise(() => {}); }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext('onClientRequest', 100), { wallMs: 50 });
    expect(outcome.status).toBe('WallTimeoutError');
    expect(outcome.wallMs).toBeGreaterThan(40);
    expect(outcome.error?.message).toMatch(/50 ms wall-time limit/);
  });

  it('fails a handler that grows the heap past the tier memory limit with ResourceLimit (§21.1)', async () => {
    const sandbox = await sandboxOf(`let keep; export function onClientRequest() { keep = new Array(5_000_000).fill(1.5); return 1; }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext('onClientRequest', 100));
    expect(outcome.status).toBe('ResourceLimit');
    expect(outcome.memoryBytes).toBeGreaterThan(1.5 * 1024 * 1024);
  });

  it('does not count garbage against the memory limit', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { let n = 0; for (let i = 0; i < 300; i++) n += new Array(10_000).fill(i).length; return n; }`, {}, { cpuGraceMs: 60_000 });
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext('onClientRequest', 100));
    expect(outcome.status).toBe('Success');
  });

  it('measures cpu, wall and memory on success', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; }`);
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext());
    expect(outcome.status).toBe('Success');
    expect(outcome.cpuMs).toBeGreaterThan(0);
    expect(outcome.wallMs).toBeGreaterThanOrEqual(outcome.cpuMs);
  });
});

describe('worker realm', () => {
  it('hands the worker request objects and module errors of its own realm', async () => {
    const sandbox = await sandboxOf(`import { createResponse } from 'create-response';
      export function onClientRequest(request) {
        let error;
        try { createResponse(99); } catch (e) { error = e; }
        return [Object.getPrototypeOf(Object.getPrototypeOf(request)) === Object.prototype, error instanceof RangeError, request.getHeaders() instanceof Object];
      }`);
    expect((await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext())).value).toEqual([true, true, true]);
  });
});

describe('what a handler changed reaches the host (issue 11: only changes cross the door)', () => {
  const changes = `
    export function onClientRequest(request) {
      request.setHeader('x-set', ['a', 'b']);
      request.removeHeader('x-drop');
      request.setVariable('PMUSER_SEEN', 'yes');
      request.route({ path: '/elsewhere' });
    }
    export function onClientResponse(request, response) { response.addHeader('x-added', '1'); }`;

  async function run(prelude: string) {
    const sandbox = await sandboxOf(prelude + changes);
    const input = callInput('onClientRequest', { headers: new HeaderList([['x-drop', 'gone'], ['x-keep', 'kept']]) });
    const first = await sandbox.invoke('onClientRequest', input, invocationContext());
    expect(first.status).toBe('Success');
    // As the pipeline does (run-handler.ts): the host applies what the realm reported.
    if (first.changes !== undefined) applyOutcome(first.changes, input);
    const response = { status: 200, headers: new HeaderList([['x-origin', 'o']]) };
    const later = { ...callInput('onClientResponse'), response };
    const second = await sandbox.invoke('onClientResponse', later, invocationContext('onClientResponse'));
    expect(second.status).toBe('Success');
    if (second.changes !== undefined) applyOutcome(second.changes, later);
    return { request: input.state, response };
  }

  it('applies header, variable and route changes, and leaves untouched lists as they were', async () => {
    const { request, response } = await run('');
    expect(request.headers.toRaw()).toEqual(['x-keep', 'kept', 'x-set', 'a', 'x-set', 'b']);
    expect([...request.variables]).toEqual([['PMUSER_SEEN', 'yes']]);
    expect(request.route).toEqual({ path: '/elsewhere' });
    expect(response.headers.toRaw()).toEqual(['x-origin', 'o', 'x-added', '1']);
  });

  // Old libraries (Prototype.js) put toJSON on Array.prototype; the kernel's report must not change.
  it('reports the same changes when the worker put toJSON on Object.prototype and Array.prototype', async () => {
    const { request, response } = await run(`
      Object.defineProperty(Array.prototype, 'toJSON', { value() { return 'spoiled'; }, configurable: true });
      Object.defineProperty(Object.prototype, 'toJSON', { get() { return () => 'spoiled'; }, configurable: true });`);
    expect(request.headers.toRaw()).toEqual(['x-keep', 'kept', 'x-set', 'a', 'x-set', 'b']);
    expect([...request.variables]).toEqual([['PMUSER_SEEN', 'yes']]);
    expect(request.route).toEqual({ path: '/elsewhere' });
    expect(response.headers.toRaw()).toEqual(['x-origin', 'o', 'x-added', '1']);
  });
});

describe('CPU limit without a watchdog', () => {
  // spec §21.1: tier 100 allows 10 ms of CPU per handler; Weft adds a grace (cpuGraceMs) for its wall-clock measure.
  it('fails a finished call that ran synchronously past its CPU limit with CpuTimeoutError', async () => {
    const sandbox = await sandboxOf(`export function onClientRequest() { let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; return x > 0 ? 'done' : ''; }`, {}, { cpuGraceMs: 5 });
    const outcome = await sandbox.invoke('onClientRequest', callInput('onClientRequest'), invocationContext('onClientRequest', 100));
    expect(outcome.status).toBe('CpuTimeoutError');
    expect(outcome.error?.message).toMatch(/past its 10 ms CPU limit \(tier 100\)/);
  });
});
