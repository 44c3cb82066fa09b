import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { runInvocation } from '../../src/host/invocation.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { formatLogHeader, formatMessage, logger } from '../../src/modules/log/index.ts';
import { displayName } from '../../src/modules/log/call-site.ts';
import { makeContext } from './helpers.ts';

// The logger's sink is host().log; the host records into the current invocation's onLog.
linkHostRealm();

describe('log: format specifiers (spec §16)', () => {
  it.each([
    [['plain'], 'plain'],
    [['host is : %s', 'www.example.com'], 'host is : www.example.com'],
    [['%d items', 42.9], '42 items'],
    [['%i', '17px'], '17'],
    [['%f', '3.25x'], '3.25'],
    [['%d', Symbol('s')], 'NaN'],
    [['%o and %O', { a: 1 }, [1, 'b']], '{"a":1} and [1,"b"]'],
    [['100%% sure'], '100% sure'],
    [['%s', 'a', 'b', 3, { c: true }], 'a b 3 {"c":true}'],
    [['missing %s and %d'], 'missing %s and %d'],
    [['%x stays'], '%x stays'],
    [[{ a: 1 }, 'b'], '{"a":1} b'],
    [[], ''],
  ] as Array<[unknown[], string]>)('%j -> %j', (args, expected) => {
    expect(formatMessage(args)).toBe(expected);
  });

  it('a circular object falls back to String()', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(formatMessage(['%o', o])).toBe('[object Object]');
  });
});

describe('log: the logger', () => {
  it('emits entries with the level; logger.log is level debug', () => {
    const ctx = makeContext();
    runInvocation(ctx, () => {
      logger.log('gold');
      logger.trace('t');
      logger.info('i %d', 1);
      logger.warn('w');
      logger.error('e');
      logger.debug('d');
    });
    expect(ctx.logs.map((e) => `${e.level}:${e.message}`)).toEqual(['debug:gold', 'trace:t', 'info:i 1', 'warn:w', 'error:e', 'debug:d']);
  });

  it('is a no-op when logging is off, without processing the format', () => {
    const ctx = makeContext({ logging: { enabled: false, minLevel: 'trace' } });
    let touched = 0;
    const probe = { toString: () => `${++touched}` };
    runInvocation(ctx, () => logger.error('%s', probe));
    expect(ctx.logs).toEqual([]);
    expect(touched).toBe(0);
    expect(() => logger.error('outside any handler')).not.toThrow();
  });

  it('filters below the minimum level without processing the format', () => {
    const ctx = makeContext({ logging: { enabled: true, minLevel: 'warn' } });
    let touched = 0;
    const probe = { toString: () => `${++touched}` };
    runInvocation(ctx, () => {
      logger.info('%s', probe);
      logger.log('%s', probe);
      logger.warn('%s', probe);
      logger.error('boom');
    });
    expect(ctx.logs.map((e) => e.level)).toEqual(['warn', 'error']);
    expect(touched).toBe(1);
  });

  it('records the worker file and line of the call', () => {
    const ctx = makeContext();
    const sandbox = vm.createContext({ logger });
    new vm.Script("function helper() {\n  logger.log('from lib');\n}\nthis.helper = helper;", { filename: 'utils/lib.js' }).runInContext(sandbox);
    const main = new vm.Script("\nlogger.log('first');\nlogger.info('second');\nhelper();\n", { filename: 'main.js' });
    runInvocation(ctx, () => main.runInContext(sandbox));
    expect(ctx.logs.map((e) => [e.file, e.line, e.message])).toEqual([
      ['main.js', 2, 'first'],
      ['main.js', 3, 'second'],
      ['utils/lib.js', 2, 'from lib'],
    ]);
    expect(formatLogHeader(ctx.logs, 1024)).toBe('D:main.js:2 first|I::3 second|D:utils/lib.js:2 from lib');
  });
});

describe('log: call sites through a stack-mapping hook', () => {
  it('keeps the file and line that an Error.prepareStackTrace hook reports (the runtime maps bundle frames)', () => {
    const ctx = makeContext();
    const sandbox = vm.createContext({ logger });
    const bundle = new vm.Script("\n\n\nlogger.warn('mapped');\n", { filename: 'bundle-7.js' });
    const previous = Error.prepareStackTrace;
    // Stands in for the runtime's source-map hook: bundle line 4 is main.js line 12.
    Error.prepareStackTrace = (error, sites) =>
      `${String(error)}${sites.map((site) => `\n    at ${site.getFileName() === 'bundle-7.js' ? `main.js:${(site.getLineNumber() ?? 0) + 8}:1` : site.toString()}`).join('')}`;
    try {
      runInvocation(ctx, () => bundle.runInContext(sandbox));
    } finally {
      Error.prepareStackTrace = previous;
    }
    expect(ctx.logs).toEqual([{ level: 'warn', file: 'main.js', line: 12, message: 'mapped' }]);
  });
});

describe('log: call sites named by file URLs', () => {
  it('turns file:// URLs into paths by string work, unescaping and keeping malformed escapes', () => {
    const ctx = makeContext();
    const sandbox = vm.createContext({ logger });
    new vm.Script("logger.log('a');", { filename: 'file:///srv/my%20app/main.js' }).runInContext(sandbox);
    runInvocation(ctx, () => new vm.Script("\nlogger.log('b');", { filename: 'file:///srv/my%20app/main.js' }).runInContext(sandbox));
    runInvocation(ctx, () => new vm.Script("logger.log('c');", { filename: 'file:///srv/100%zz.js' }).runInContext(sandbox));
    expect(ctx.logs.map((e) => [e.file, e.line, e.message])).toEqual([
      ['/srv/my app/main.js', 2, 'b'],
      ['/srv/100%zz.js', 1, 'c'],
    ]);
    expect(displayName('file:///C:/work/main.js')).toBe('C:/work/main.js');
    expect(displayName('main.js')).toBe('main.js');
  });
});

describe('log: the debug header value (spec §16)', () => {
  it('reproduces the documented example line', () => {
    const entries = [
      { level: 'debug' as const, file: 'main.js', line: 4, message: "The request's host is : www.example.com " },
      { level: 'debug' as const, file: 'main.js', line: 5, message: "The request's method is : GET" },
      { level: 'debug' as const, file: 'main.js', line: 6, message: "The request's path is : /reflect.html" },
    ];
    expect(formatLogHeader(entries, 1024)).toBe("D:main.js:4 The request's host is : www.example.com |D::5 The request's method is : GET|D::6 The request's path is : /reflect.html");
  });

  it('percent-encodes non-ASCII characters, controls and delimiters', () => {
    const header = formatLogHeader([{ level: 'warn', file: 'main.js', line: 1, message: 'café | 50% \n€' }], 1024);
    expect(header).toBe('W:main.js:1 caf%C3%A9 %7C 50%25 %0A%E2%82%AC');
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
  });

  it('prints the file again when it changes back, and tolerates unknown call sites', () => {
    const header = formatLogHeader([
      { level: 'error', file: 'main.js', line: 1, message: 'a' },
      { level: 'error', file: 'lib.js', line: 2, message: 'b' },
      { level: 'error', file: 'main.js', line: 3, message: 'c' },
      { level: 'trace', file: undefined, line: undefined, message: 'd' },
    ], 1024);
    expect(header).toBe('E:main.js:1 a|E:lib.js:2 b|E:main.js:3 c|T:: d');
  });

  it('truncates at the cap with a closing $, never inside an escape', () => {
    const entries = Array.from({ length: 100 }, (_, i) => ({ level: 'info' as const, file: 'main.js', line: i, message: 'x'.repeat(20) }));
    const header = formatLogHeader(entries, 1024);
    expect(header).toHaveLength(1024);
    expect(header.endsWith('$')).toBe(true);
    const escaped = formatLogHeader([{ level: 'info', file: 'm.js', line: 1, message: 'ab€€€€' }], 17);
    // a character's escapes are kept whole or dropped whole
    expect(escaped).toBe('I:m.js:1 ab$');
    expect(formatLogHeader([{ level: 'info', file: 'm.js', line: 1, message: 'ab€€' }], 18)).toBe('I:m.js:1 ab$');
    expect(formatLogHeader([{ level: 'info', file: 'm.js', line: 1, message: 'ab€€' }], 21)).toBe('I:m.js:1 ab%E2%82%AC$');
    expect(formatLogHeader([{ level: 'info', file: 'm.js', line: 1, message: 'ab%€' }], 15)).toBe('I:m.js:1 ab%25$');
    expect(formatLogHeader([{ level: 'info', file: 'm.js', line: 1, message: 'ab%€' }], 14)).toBe('I:m.js:1 ab$');
  });
});
