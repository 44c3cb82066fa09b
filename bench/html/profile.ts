/**
 * One case of Weft's engine in a loop on the listing corpus, to profile (the engine is the shipped
 * bundle, so the profile's lines are those of bench/.corpus/weft-html.mjs):
 *   node --cpu-prof --conditions=weft-source --import tsx bench/html/profile.ts [case] [runs]
 */
import { listingPage } from './corpus.ts';
import { weft, type CaseName } from './engines.ts';

const which = (process.argv[2] ?? 'p') as CaseName;
const runs = Number(process.argv[3] ?? 60);
const page = new TextEncoder().encode(listingPage(12 * 1024 * 1024));
const chunks: Uint8Array[] = [];
for (let i = 0; i < page.length; i += 64 * 1024) chunks.push(page.subarray(i, i + 64 * 1024));
const t0 = process.cpuUsage();
for (let r = 0; r < runs; r++) await weft.run(chunks, which);
const used = process.cpuUsage(t0);
console.log(`(${which}) ${(((page.length / 1048576) * runs) / ((used.user + used.system) / 1e6)).toFixed(1)} MB/s over ${runs} runs (CPU time, warm-up included)`);
