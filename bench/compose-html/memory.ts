/**
 * Child process of the benchmark: streams a big page through one mode and prints the peak RSS and
 * heap growth over the baseline taken after a GC. `buffered` reads the page as text and inserts
 * with a string replace (what a non-streaming composer does).
 */
import { runInvocation, builtinModule } from '@weft/platform';
import { registerBuiltins } from './builtins.ts';

registerBuiltins();
const { runOnce, benchInvocation, PAGE_HOST } = await import('./in-process.ts');

const [mode, origin] = process.argv.slice(2) as ['passthrough' | 'rewriter' | 'inject' | 'buffered', string];
const MEGABYTES = 200;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
let chunks = 0;
let bytes: number;
if (mode === 'buffered') {
  const httpRequest = builtinModule('http-request')?.httpRequest as (u: string) => Promise<{ text(): Promise<string> }>;
  bytes = await runInvocation(benchInvocation(origin), async () => {
    const text = await (await httpRequest(`https://${PAGE_HOST}/page?mb=${MEGABYTES}`)).text();
    sample();
    const out = text.replace('</head>', '<script src="/rum.js" defer></script></head>');
    sample();
    return out.length;
  });
} else {
  bytes = await runOnce(mode, origin, MEGABYTES, () => {
    if (++chunks % 64 === 0) sample();
  });
}
sample();
console.log(JSON.stringify({ bytes, rssMb: (peakRss - base.rss) / 1048576, heapMb: (peakHeap - base.heapUsed) / 1048576 }));
