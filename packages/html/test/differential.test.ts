/**
 * Differential test against parse5 (the reference, issue 4): generated and mutated documents go
 * through both, ours at random chunk boundaries, and every start and end tag token must agree in
 * name and position. A failure prints the seed; rerun one case with DIFF_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import { HtmlRewriter, type TagToken } from '../src/index.ts';
import { generateDocument, mutate } from './support/generate.ts';
import { Random, randomChunks } from './support/random.ts';
import { byteToCharOffsets, parse5Tags } from './support/reference.ts';

const CASES = Number(process.env.DIFF_CASES ?? 10_000);
const encoder = new TextEncoder();

function ourTags(chunks: Uint8Array[], charAt: Int32Array): { tags: TagToken[]; output: Uint8Array } {
  const tags: TagToken[] = [];
  const out: Uint8Array[] = [];
  const rw = new HtmlRewriter((b) => out.push(b.slice()), { observeTags: (t) => tags.push({ ...t, offset: charAt[t.offset] }) });
  // A handler on every element exercises the matching path too, without changing the output.
  rw.on('*', () => {});
  for (const c of chunks) rw.write(c);
  rw.end();
  return { tags, output: Buffer.concat(out) };
}

function runCase(seed: number): { doc: string; ours: TagToken[]; theirs: TagToken[]; same: boolean; passthrough: boolean } {
  const rnd = new Random(seed);
  let doc = generateDocument(rnd);
  if (rnd.chance(0.5)) doc = mutate(rnd, doc);
  const bytes = encoder.encode(doc);
  const { tags: ours, output } = ourTags(randomChunks(rnd, bytes), byteToCharOffsets(doc));
  const theirs = parse5Tags(doc);
  const same = JSON.stringify(ours) === JSON.stringify(theirs);
  return { doc, ours, theirs, same, passthrough: Buffer.compare(Buffer.from(output), Buffer.from(bytes)) === 0 };
}

const BATCHES = 4;

describe('differential: tag tokens agree with parse5', () => {
  it.each(Array.from({ length: BATCHES }, (_, b) => b))(`batch %i of ${CASES} generated and mutated documents at random chunk boundaries`, (batch) => {
    const only = process.env.DIFF_SEED;
    const per = Math.ceil(CASES / BATCHES);
    const seeds = only !== undefined ? (batch === 0 ? [Number(only)] : []) : Array.from({ length: per }, (_, i) => 0x5eed0000 + batch * per + i);
    const failures: string[] = [];
    for (const seed of seeds) {
      const r = runCase(seed);
      if (!r.same || !r.passthrough) {
        if (failures.length < 3) {
          const firstDiff = r.ours.findIndex((t, i) => JSON.stringify(t) !== JSON.stringify(r.theirs[i]));
          failures.push(
            `seed ${seed}${r.passthrough ? '' : ' (output differs from input)'}: ${JSON.stringify(r.doc)}\n` +
              `  first difference at token ${firstDiff}: ours ${JSON.stringify(r.ours[firstDiff])} parse5 ${JSON.stringify(r.theirs[firstDiff])}`,
          );
        } else failures.push(String(seed));
      }
    }
    expect(failures.length, failures.slice(0, 3).join('\n') + `\n(${failures.length} failing seeds)`).toBe(0);
  }, 60_000);
});
