/**
 * A walk through packages/compose/README.md as a newcomer takes it (issue 15): for each tour app
 * the README names, the real CLI serves it (`weft dev <app>`, here on a free port instead of the
 * config's), with the mock origins its config starts on loopback, and each `curl` the README shows
 * must print the output block that follows it. packages/compose/test/readme.test.ts holds the
 * README's code to the apps' files and the compiler.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks } from '../packages/compose/test/helpers/markdown.ts';
import { ROOT, weft, type WeftProcess } from './support/weft-process.ts';

const README = readFileSync(path.join(ROOT, 'packages/compose/README.md'), 'utf8');

interface Step {
  app: string;
  port: number;
  command: string;
  args: string[];
  expected: { lang: string; text: string };
}

/** Splits a command line as sh would for the simple words a README uses (single or double quotes, no escapes). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function configPort(app: string): number {
  const match = /\bport:\s*(\d+)/.exec(readFileSync(path.join(ROOT, 'apps', app, 'weft.config.ts'), 'utf8'));
  if (match === null) throw new Error(`apps/${app}/weft.config.ts sets no port`);
  return Number(match[1]);
}

/** Each `curl` of the README with the output block after it, and the app `weft dev` serves on its port. */
function steps(): Step[] {
  const blocks = codeBlocks(README);
  const served = new Map<number, string>();
  const found: Step[] = [];
  blocks.forEach((block, index) => {
    if (block.lang !== 'sh') return;
    for (const line of block.text.split('\n')) {
      const dev = /^pnpm exec weft dev (\S+)$/.exec(line.trim());
      if (dev?.[1] !== undefined) served.set(configPort(dev[1]), dev[1]);
    }
    const curl = block.text.split('\n').find((line) => line.startsWith('curl '));
    if (curl === undefined) return;
    const args = words(curl).slice(1);
    const target = args.find((arg) => /^(?:http:\/\/)?localhost:\d+\//.test(arg)) ?? '';
    const port = Number(/localhost:(\d+)/.exec(target)?.[1]);
    const app = served.get(port);
    const output = blocks[index + 1];
    if (app === undefined) throw new Error(`README line ${block.line}: ${curl} reaches port ${port}, which no \`pnpm exec weft dev <app>\` above it serves`);
    if (output === undefined || output.lang === 'sh') throw new Error(`README line ${block.line}: ${curl} has no output block after it`);
    found.push({ app, port, command: curl, args, expected: { lang: output.lang, text: output.text } });
  });
  return found;
}

/** The request a curl line makes: -s is quiet, -H adds a header; nothing else is used in the README. */
function request(step: Step, base: string): { url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let url = '';
  for (let i = 0; i < step.args.length; i++) {
    const arg = step.args[i] ?? '';
    if (arg === '-s') continue;
    if (arg === '-H') {
      const [name = '', ...value] = (step.args[++i] ?? '').split(':');
      headers[name.trim()] = value.join(':').trim();
    } else if (/localhost:\d+\//.test(arg)) {
      url = arg.replace(/^(?:http:\/\/)?localhost:\d+/, base);
    } else {
      throw new Error(`the README's curl uses ${arg}, which this walk does not know; keep to -s, -H and the URL`);
    }
  }
  return { url, headers };
}

async function serveApp(app: string): Promise<{ run: WeftProcess; base: string }> {
  const run = weft(['dev', app, '--port', '0']);
  const banner = new RegExp(`${app}\\s+(http://127\\.0\\.0\\.1:\\d+)/`);
  for (let i = 0; i < 600; i++) {
    const base = banner.exec(run.output())?.[1];
    if (base !== undefined) return { run, base };
    if (run.child.exitCode !== null) throw new Error(`weft dev ${app} exited: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  run.child.kill('SIGINT');
  throw new Error(`weft dev ${app} did not start: ${run.output()}`);
}

const walk = steps();

describe('the compose README, walked through', () => {
  it('serves the three tour apps on the ports it says', () => {
    expect([...new Set(walk.map((step) => `${step.app}:${step.port}`))]).toEqual(['compose-tour-merge:8704', 'compose-tour-assemble:8705', 'compose-tour-inject:8706']);
    expect(README).toContain('the tour\'s three on ports 8704, 8705 and 8706');
  });

  for (const app of [...new Set(walk.map((step) => step.app))]) {
    it(`pnpm exec weft dev ${app}: each curl prints what the README shows`, async () => {
      const { run, base } = await serveApp(app);
      try {
        for (const step of walk.filter((s) => s.app === app)) {
          const { url, headers } = request(step, base);
          const response = await fetch(url, { headers });
          const body = await response.text();
          if (step.expected.lang === 'json') expect(JSON.parse(body), step.command).toEqual(JSON.parse(step.expected.text));
          else expect(body.trimEnd(), step.command).toBe(step.expected.text.trimEnd());
        }
      } finally {
        run.child.kill('SIGINT');
        await run.exited;
      }
    }, 60_000);
  }
});
