/**
 * A page's plan is for the local trace only (core/report.ts): at the edge, where Akamai's `logger`
 * has no report hook, a page builds no plan and logs nothing for it; where the hook exists, it
 * builds one plan per page run, when the page settles.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<[string, unknown[]]> = [];
const plans: string[] = [];
let built = 0;
let withHook = false;
const logger: Record<string | symbol, unknown> = {};
for (const level of ['log', 'trace', 'debug', 'info', 'warn', 'error']) logger[level] = (...args: unknown[]) => calls.push([level, args]);
Object.defineProperty(logger, Symbol.for('weft.report'), {
  get: () => (withHook ? (kind: string, _code: string, message: string) => kind === 'plan' && plans.push(message) : undefined),
});
vi.mock('log', () => ({ logger }));
vi.mock('../../src/core/plan.ts', async (original) => {
  const actual = await original<typeof import('../../src/core/plan.ts')>();
  return {
    ...actual,
    pagePlanOf: (...args: Parameters<typeof actual.pagePlanOf>) => {
      built++;
      return actual.pagePlanOf(...args);
    },
  };
});

const { definePage } = await import('../../src/html/index.ts');
const { makeRequest } = await import('../helpers/edge.ts');
const { readAll } = await import('./helpers/origin.ts');

const page = definePage({
  template: '<p><weft-slot name="greeting"></weft-slot> <weft-slot name="promo">none</weft-slot></p>',
  slots: {
    greeting: { content: 'hello' },
    promo: { candidates: [{ when: () => false, content: 'sale' }] },
  },
});

async function run(): Promise<string> {
  const assembled = await page.assemble(makeRequest());
  const text = await readAll(assembled.body as unknown as ReadableStream<Uint8Array>);
  await assembled.report;
  return text;
}

beforeEach(() => {
  calls.length = 0;
  plans.length = 0;
  built = 0;
});

describe('a page\'s plan and the report hook', () => {
  it('at the edge (no hook): the page is written, no plan is built, no log line is spent on it', async () => {
    withHook = false;
    expect(await run()).toBe('<p>hello none</p>');
    expect(built).toBe(0);
    expect(calls).toEqual([]);
  });

  it('locally (the hook): one plan of kind page, its slots named after them', async () => {
    withHook = true;
    expect(await run()).toBe('<p>hello none</p>');
    expect(built).toBe(1);
    expect(plans.map((p) => JSON.parse(p) as unknown)).toEqual([
      {
        kind: 'page',
        partial: false,
        sources: [
          { name: 'greeting', dependsOn: [], outcome: 'ran' },
          { name: 'promo', dependsOn: [], outcome: 'skipped', reason: 'no candidate\'s when condition held: its default content was written' },
        ],
      },
    ]);
  });
});
