/**
 * Issue 15, config while serving, through the real binary: a change to weft.config.ts that does
 * not load (a syntax error, a wrong key) is reported at once in the terminal, as the error page
 * and in the build state the viewer's banner reads; a fix brings the app back.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApp } from '../helpers/app.ts';
import { printed, weftStart, type Running } from '../helpers/weft-bin.ts';

const GOOD = (text: string): string => `export default { entry: 'src/main.ts', variables: { PMUSER_TEXT: '${text}' } };\n`;
const WORKER = `export function onClientRequest(request: EW.IngressClientRequest): void {
  request.respondWith(200, {}, request.getVariable('PMUSER_TEXT') ?? 'none');
}
`;

interface BuildState {
  state: string;
  error?: string;
  builtAt: number;
}

describe('weft dev: weft.config.ts changes while serving', () => {
  let dir: string;
  let run: Running;
  let url: string;
  const build = async (): Promise<BuildState> => (await (await fetch(`${url}/__weft/build`)).json()) as BuildState;

  beforeAll(async () => {
    dir = sampleApp({ 'weft.config.ts': GOOD('one'), 'src/main.ts': WORKER });
    run = weftStart(['dev', '--port', '0', '--threads', '0'], dir);
    await printed(run, /Ctrl\+C to stop/);
    url = /➜ \S+ +(http:\/\/127\.0\.0\.1:\d+)\//.exec(run.stdout())?.[1] ?? '';
    expect(await (await fetch(`${url}/`)).text()).toBe('one');
  }, 30_000);
  afterAll(async () => {
    expect(await run.stop()).toBe(0);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a syntax error', `export default { entry: 'src/main.ts', variables: { PMUSER_TEXT: 'two' }\n`, /Expected "\}" but found end of file[\s\S]*weft\.config\.ts:2:0/],
    ['a wrong key', `export default { entry: 'src/main.ts', prot: 1 };\n`, /unknown key "prot"/],
    ['a mock route with a bad field', `export default { entry: 'src/main.ts', mocks: { origin: { routes: { '/': { status: 'abc' } } } } };\n`, /mocks\.origin\.routes\["\/"\]\.status: expected a number from 100 to 599 \(an HTTP status\), got the string "abc"/],
  ];
  for (const [what, text, error] of broken) {
    it(`${what}: in the terminal at once, as the error page and in the build state, until it is fixed`, async () => {
      const before = run.stderr().length;
      writeFileSync(path.join(dir, 'weft.config.ts'), text);
      // Without any request: the watcher's reload says it.
      await expect.poll(() => run.stderr().slice(before), { timeout: 10_000, interval: 50 }).toMatch(/weft\.config\.ts does not load \(requests get an error page until it is fixed; save a fix to restart\)/);
      expect(run.stderr().slice(before)).toMatch(error);
      const state = await build();
      expect(state.state).toBe('failed');
      expect(state.error).toMatch(error);
      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('does not build');
      expect(html.replaceAll('&#34;', '"')).toMatch(error);
      const plain = await fetch(`${url}/`);
      expect(plain.status).toBe(500);
      expect(await plain.text()).toMatch(error);
      writeFileSync(path.join(dir, 'weft.config.ts'), GOOD(what.replaceAll(' ', '-')));
      await expect.poll(async () => (await build()).state, { timeout: 10_000, interval: 50 }).toBe('ready');
      expect(await (await fetch(`${url}/`)).text()).toBe(what.replaceAll(' ', '-'));
      expect(run.stdout()).toMatch(/weft\.config\.ts loads again/);
    }, 30_000);
  }
});

describe('weft dev: a weft.config.ts that is already broken when it starts', () => {
  let dir: string;
  let run: Running;

  beforeAll(() => {
    dir = sampleApp({ 'weft.config.ts': `export default { entry: 'src/main.ts', variables: { PMUSER_TEXT: 'x' }\n`, 'src/main.ts': WORKER });
    run = weftStart(['dev', '--port', '0', '--threads', '0'], dir);
  });
  afterAll(async () => {
    expect(await run.stop()).toBe(0);
  });

  it('serves the error page on the app’s port, and the app once a save fixes it', async () => {
    await printed(run, /Ctrl\+C to stop/);
    await expect.poll(() => run.stderr(), { timeout: 10_000, interval: 50 }).toMatch(/will retry when a file in .* changes; until then http:\/\/127\.0\.0\.1:\d+\/ shows this error/);
    const url = /until then (http:\/\/127\.0\.0\.1:\d+)\//.exec(run.stderr())?.[1] ?? '';
    const page = await fetch(`${url}/any/path`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(500);
    expect(await page.text()).toMatch(/does not build[\s\S]*Expected &#34;\}&#34; but found end of file/);
    const state = (await (await fetch(`${url}/__weft/build`)).json()) as BuildState;
    expect(state.state).toBe('failed');
    writeFileSync(path.join(dir, 'weft.config.ts'), GOOD('fixed'));
    // The same port serves the worker once the app has started.
    await expect.poll(async () => (await fetch(`${url}/`).then((r) => r.text(), () => '')), { timeout: 15_000, interval: 100 }).toBe('fixed');
    expect((await (await fetch(`${url}/__weft/build`)).json() as BuildState).state).toBe('ready');
  }, 40_000);
});
