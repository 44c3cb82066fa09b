/**
 * The in-process peer of the head append through `weft serve` (issue 16): html-rewriter-wasm
 * (lol-html in WebAssembly) appending the same script to <head> of the same page, in this process,
 * fed in the chunks the page origin writes. The page is fetched once; only the rewrite is timed.
 * The wall clock gives the figure set against `weft serve` (whose client measures wall time too,
 * so load on the machine slows both); the CPU time of the rewrite is its best case, for reference.
 */
import { HTMLRewriter } from 'html-rewriter-wasm';
import { PAGE_PARTS } from './origin.ts';
import { RUM_SCRIPT } from './page.ts';
import { median } from './measure.ts';

/** The page as the origin writes it: the head, its 64 KiB blocks, the tail. */
function asWritten(page: Uint8Array): Uint8Array[] {
  const chunks = [page.subarray(0, PAGE_PARTS.head.length)];
  const blocksEnd = page.length - PAGE_PARTS.tail.length;
  for (let at = PAGE_PARTS.head.length; at < blocksEnd; at += PAGE_PARTS.block.length) chunks.push(page.subarray(at, Math.min(at + PAGE_PARTS.block.length, blocksEnd)));
  chunks.push(page.subarray(blocksEnd));
  return chunks;
}

async function headAppend(chunks: readonly Uint8Array[]): Promise<number> {
  let out = 0;
  const rewriter = new HTMLRewriter((bytes) => {
    out += bytes.length;
  });
  rewriter.on('head', { element: (el) => void el.append(RUM_SCRIPT, { html: true }) });
  try {
    for (const chunk of chunks) await rewriter.write(chunk);
    await rewriter.end();
  } finally {
    rewriter.free();
  }
  return out;
}

/** MB/s (medians of `rounds`, after `warmup` unmeasured rounds) of the head append on `pageUrl`. */
export async function wasmHeadAppend(pageUrl: string, rounds: number, warmup = 3): Promise<{ mbps: number; cpuMbps: number; bytes: number }> {
  const response = await fetch(pageUrl);
  if (!response.ok) throw new Error(`wasm head append: the page origin answered ${response.status} for ${pageUrl}`);
  const page = new Uint8Array(await response.arrayBuffer());
  const chunks = asWritten(page);
  const expected = page.length + RUM_SCRIPT.length;
  const megabytes = page.length / 1048576;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await headAppend(chunks);
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    if (out !== expected) throw new Error(`wasm head append: ${out} bytes came out, expected ${expected} (the page plus the script)`);
    if (round < warmup) continue;
    wall.push(megabytes / seconds);
    cpu.push(megabytes / ((used.user + used.system) / 1e6));
  }
  return { mbps: median(wall), cpuMbps: median(cpu), bytes: page.length };
}
