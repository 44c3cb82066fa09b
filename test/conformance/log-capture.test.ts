/**
 * Decision 34: every `logger` call at or above the bundle's configured level is recorded in the
 * trace, whatever the request's headers, while the debug log headers keep the platform's rules
 * (§16); and the log module's report hook puts what a toolkit caught on the handler's stage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorker, type Served } from './harness.ts';

const LOGGING = `import { logger } from 'log';
export function onClientRequest(request) {
  logger.log('debug line %s', request.path);
  logger.info('info line');
  logger.warn('warn line');
}`;

const manifest = (level: string): Record<string, string> => ({
  'bundle.json': JSON.stringify({ 'edgeworker-version': '1.0', config: { logging: { level, ds2id: 1 } } }),
});

describe('logs always captured (decision 34)', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('records every logger call in the trace without any debug header, and sends no log header', async () => {
    served = await serveWorker(LOGGING);
    const reply = await served.send('/page');
    expect(reply.header('x-akamai-edgeworker-onclientrequest-log')).toBeUndefined();
    const trace = await served.trace(reply);
    expect(trace.logs.map((log) => [log.level, log.file, log.line, log.message])).toEqual([
      ['debug', 'main.js', 3, 'debug line /page'],
      ['info', 'main.js', 4, 'info line'],
      ['warn', 'main.js', 5, 'warn line'],
    ]);
  });

  it('keeps only the bundle’s configured level and above in the trace; the debug header still shows what the request asked for', async () => {
    served = await serveWorker(LOGGING, { files: manifest('info') });
    const plain = await served.trace(await served.send('/page'));
    expect(plain.logs.map((log) => log.message)).toEqual(['info line', 'warn line']);
    const debugged = await served.send('/page', { headers: { pragma: 'akamai-x-ew-debug', 'akamai-ew-trace': 't', 'akamai-x-ew-log-level': 'debug' } });
    expect(debugged.header('x-akamai-edgeworker-onclientrequest-log')).toBe('D:main.js:3 debug line /page|I::4 info line|W::5 warn line');
    expect((await served.trace(debugged)).logs.map((log) => log.message)).toEqual(['info line', 'warn line']);
  });
});

const REPORTING = `import { logger } from 'log';
import { createResponse } from 'create-response';
const report = logger[Symbol.for('weft.report')];
function merge(data) {
  return data.missing.field;
}
export function responseProvider() {
  try {
    merge({});
  } catch (error) {
    report('error', 'compose-merge', 'compose: merge threw, answering 500', error);
  }
  report('warning', 'compose-fallback', 'compose: source "recs" failed, fallback used');
  return createResponse(500, {}, 'failed');
}`;

describe('the log module’s report hook', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('is not among the logger’s keys', async () => {
    served = await serveWorker(`import { logger } from 'log';
export function onClientRequest(request) { request.respondWith(200, {}, JSON.stringify([Object.keys(logger), typeof logger[Symbol.for('weft.report')]])); }`);
    expect(JSON.parse((await served.send('/')).body)).toEqual([['log', 'trace', 'debug', 'info', 'warn', 'error'], 'function']);
  });

  it('records a caught exception as the stage’s error with its frames, a warning as a warning, and logs both in the debug headers only', async () => {
    served = await serveWorker(REPORTING);
    const reply = await served.send('/');
    expect(reply.status).toBe(500);
    const trace = await served.trace(reply);
    const stage = trace.stages.find((s) => s.stage === 'responseProvider');
    expect(stage?.status).toBe('Success');
    expect(stage?.error).toMatchObject({ name: 'TypeError', context: 'compose: merge threw, answering 500' });
    expect(stage?.error?.message).toMatch(/field/);
    expect(stage?.error?.frames[0]).toMatchObject({ file: 'main.js', function: 'merge', line: 5 });
    expect(trace.warnings).toContainEqual({ code: 'compose-fallback', message: 'compose: source "recs" failed, fallback used', stage: 'responseProvider' });
    expect(trace.logs).toEqual([]);
    const debugged = await served.send('/', { headers: { pragma: 'akamai-x-ew-debug-rp', 'akamai-ew-trace': 't' } });
    expect(debugged.body).toMatch(/X-Akamai-EdgeWorker-responseProvider-Log: E:main\.js:11 compose: merge threw, answering 500\|W::13 compose: source "recs" failed, fallback used/);
  });

  it('records what a streamed body reports and logs after responseProvider returned, on that stage', async () => {
    served = await serveWorker(`import { logger } from 'log';
import { createResponse } from 'create-response';
import { ReadableStream } from 'streams';
import { TextEncoder } from 'encoding';
const report = logger[Symbol.for('weft.report')];
export function responseProvider() {
  let part = 0;
  const body = new ReadableStream({
    pull(controller) {
      part += 1;
      if (part === 2) {
        report('warning', 'compose-fallback', 'compose: slot "reviews" failed, default content used');
        logger.warn('slot reviews fell back');
      }
      if (part > 3) controller.close();
      else controller.enqueue(new TextEncoder().encode('part ' + part + ';'));
    },
  });
  return createResponse(200, {}, body);
}`);
    const reply = await served.send('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('part 1;part 2;part 3;');
    const trace = await served.trace(reply);
    expect(trace.warnings).toContainEqual({ code: 'compose-fallback', message: 'compose: slot "reviews" failed, default content used', stage: 'responseProvider' });
    expect(trace.logs).toContainEqual(expect.objectContaining({ handler: 'responseProvider', level: 'warn', message: 'slot reviews fell back' }));
  });
});
