/**
 * Forwarding: once nothing in the rest of a document can change, the rewriter stops parsing and
 * passes the bytes through as they come (zero copy). That is the case when no handler is
 * registered, or when every selector names head or body (elements a document holds once, both
 * created by the start of the body) and neither has work left at its end.
 */
import { describe, expect, it } from 'vitest';
import { HtmlRewriter, RewriterStateError, type Element } from '../src/index.ts';
import { generateDocument, mutate } from './support/generate.ts';
import { Random, randomChunks } from './support/random.ts';
import { rewrite } from './support/run.ts';

const enc = new TextEncoder();
type Registration = [selector: string, handler: (el: Element) => void];

function run(chunks: Uint8Array[], handlers: Registration[]): { out: Uint8Array[]; rewriter: HtmlRewriter } {
  const out: Uint8Array[] = [];
  const rewriter = new HtmlRewriter((b) => out.push(b));
  for (const [selector, handler] of handlers) rewriter.on(selector, handler);
  for (const chunk of chunks) rewriter.write(chunk);
  rewriter.end();
  return { out, rewriter };
}

const isForwarding = (rewriter: HtmlRewriter): boolean => (rewriter as unknown as { forwarding: boolean }).forwarding;

describe('forwarding the rest of the document untouched', () => {
  it('after the body starts, a head append and a body prepend leave every later chunk as the very same bytes', () => {
    const head = enc.encode('<!doctype html><html><head><title>t</title></head><body class=home><ul>');
    const rest = [enc.encode('<li><a href=/p/1>one</a></li>'), enc.encode('<li><a href=/p/2>two</a></li></ul></body></html>')];
    const { out, rewriter } = run([head, ...rest], [
      ['head', (el) => el.append('<script src="/rum.js"></script>')],
      ['body', (el) => el.prepend('<div class="banner">Hi</div>')],
    ]);
    expect(isForwarding(rewriter)).toBe(true);
    // Zero copy: the chunks after the body's start tag are handed on as they came.
    expect(out.slice(-2)).toEqual(rest);
    expect(out[out.length - 1]).toBe(rest[1]);
    expect(new TextDecoder().decode(Buffer.concat(out))).toBe(
      '<!doctype html><html><head><title>t</title><script src="/rum.js"></script></head><body class=home><div class="banner">Hi</div><ul>' +
        '<li><a href=/p/1>one</a></li><li><a href=/p/2>two</a></li></ul></body></html>',
    );
  });

  it('with no handler at all, the first chunk already passes through as is', () => {
    const chunk = enc.encode('<p>just <b>bytes</b>');
    const { out, rewriter } = run([chunk], []);
    expect(isForwarding(rewriter)).toBe(true);
    expect(out).toEqual([chunk]);
    expect(out[0]).toBe(chunk);
  });

  it('waits while an element still has work at its end (a body append), then forwards after it', () => {
    const { out, rewriter } = run([enc.encode('<html><body><p>x</p>'), enc.encode('</body>'), enc.encode('<!-- after -->')], [['body', (el) => el.append('<footer>f</footer>')]]);
    expect(new TextDecoder().decode(Buffer.concat(out))).toBe('<html><body><p>x</p><footer>f</footer></body><!-- after -->');
    expect(isForwarding(rewriter)).toBe(true);
  });

  it('a selector that can match other elements keeps the rewriter parsing to the end', () => {
    const { rewriter } = run([enc.encode('<html><head></head><body><p>x</p></body></html>')], [['head', (el) => el.append('s')], ['p', () => {}]]);
    expect(isForwarding(rewriter)).toBe(false);
  });

  it('a handler registered once forwarding has begun is refused with a clear error', () => {
    const rewriter = new HtmlRewriter(() => {});
    rewriter.on('body', (el) => el.prepend('x'));
    rewriter.write(enc.encode('<html><body>'));
    expect(() => rewriter.on('div', () => {})).toThrow(RewriterStateError);
    expect(() => rewriter.on('div', () => {})).toThrow(/register every handler before writing/);
  });

  // spec §13: "The parser emulates standard HTML parsing and DOM construction." A second <body>
  // (or <head>, <html>) tag creates no element: tree construction only merges its attributes into
  // the existing one, so no element handler runs for it, whether or not the rewriter forwards.
  it('a stray body, head or html tag creates no element, so no handler runs for it', () => {
    for (const extra of [[], [['div', () => {}]] as Registration[]]) {
      const seen: string[] = [];
      const out = rewrite('<html><head></head><body id=a><div><body id=b><head><html lang=x></div></body></html>', [
        ['body', (el) => (seen.push(`body#${el.getAttribute('id')}`), el.before('[b]'))],
        ['head', (el) => (seen.push('head'), el.after('[h]'))],
        ['html', (el) => (seen.push('html'), el.setAttribute('data-x', '1'))],
        ...extra,
      ]);
      expect(seen).toEqual(['html', 'head', 'body#a']);
      expect(out).toBe('<html data-x="1"><head></head>[h][b]<body id=a><div><body id=b><head><html lang=x></div></body></html>');
    }
  });

  it('a selector on html keeps the rewriter parsing: inside svg, <html> is an element of its own', () => {
    const seen: string[] = [];
    const out = rewrite('<html><body><svg><html></html></svg></body></html>', [['html', (el) => (seen.push(el.tag), el.setAttribute('x', '1'))]]);
    expect(seen).toEqual(['html', 'html']);
    expect(out).toBe('<html x="1"><body><svg><html x="1"></html></svg></body></html>');
  });

  // Equivalence over the differential corpus: with handlers that name html, head and body,
  // the output (and the handler calls) with forwarding equal those of a rewriter that parses to
  // the end (a never-matching selector on another tag keeps it from forwarding).
  it('forwards exactly when parsing to the end would change nothing: 3,000 generated documents at random chunk boundaries', () => {
    const failures: string[] = [];
    for (let seed = 0x0f0e0000; seed < 0x0f0e0000 + 3000; seed++) {
      const rnd = new Random(seed);
      let doc = generateDocument(rnd);
      if (rnd.chance(0.5)) doc = mutate(rnd, doc);
      const chunks = randomChunks(rnd, enc.encode(doc));
      const plan = rootHandlers(rnd);
      const fast = run(chunks, plan.handlers(plan.calls.fast));
      const full = run(chunks, [...plan.handlers(plan.calls.full), ['x-never-matches', () => {}]]);
      const same = Buffer.compare(Buffer.concat(fast.out), Buffer.concat(full.out)) === 0 && plan.calls.fast.join() === plan.calls.full.join();
      if (!same && failures.length < 3) failures.push(`seed ${seed}: ${JSON.stringify(doc)} (${plan.describe})`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

/** A random set of handlers on html, head and body (with attribute tests and combinators); html ones keep it parsing. */
function rootHandlers(rnd: Random) {
  const selectors = ['html', 'head', 'body', 'body.home', 'html > body', 'html head', 'body:not([id])', 'head[x]'];
  const actions: Array<[string, (el: Element) => void]> = [
    ['append', (el) => el.append('<!--A-->')],
    ['prepend', (el) => el.prepend('<!--P-->')],
    ['before', (el) => el.before('<!--B-->')],
    ['after', (el) => el.after('<!--F-->')],
    ['setAttribute', (el) => el.setAttribute('data-w', '1')],
    ['replaceChildren', (el) => el.replaceChildren('<!--C-->')],
  ];
  const chosen = Array.from({ length: 1 + rnd.int(3) }, () => [rnd.pick(selectors), rnd.pick(actions)] as const);
  const calls = { fast: [] as string[], full: [] as string[] };
  return {
    calls,
    describe: chosen.map(([selector, [name]]) => `${selector} ${name}`).join(', '),
    handlers: (log: string[]): Registration[] =>
      chosen.map(([selector, [name, act]]): Registration => [selector, (el) => (log.push(`${selector}:${el.tag}:${name}`), act(el))]),
  };
}
