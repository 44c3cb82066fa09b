/**
 * Decision 34: every `logger` call at or above the bundle's configured level is recorded in the
 * trace, whatever the request's headers, while the debug log headers keep the platform's rules
 * (§16).
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
