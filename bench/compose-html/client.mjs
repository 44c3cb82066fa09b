// The HTTP client of the benchmark, in its own process so that its reads are not delayed by the
// servers' work (in one process, a page whose parts are all ready would starve the client's
// socket callbacks and inflate its measured first byte). Argument: JSON { urls: {name: url}, rounds, warmup }.
// Prints JSON { name: [{ status, ttfbMs, totalMs, bytes }] }.
import { Agent, request } from 'node:http';

const { urls, rounds, warmup } = JSON.parse(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function timed(url) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = -1;
    let bytes = 0;
    const req = request(url, { agent }, (res) => {
      res.on('data', (chunk) => {
        if (ttfb < 0) ttfb = performance.now() - t0;
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, ttfbMs: ttfb < 0 ? performance.now() - t0 : ttfb, totalMs: performance.now() - t0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const out = Object.fromEntries(Object.keys(urls).map((name) => [name, []]));
for (const url of Object.values(urls)) for (let i = 0; i < warmup; i++) await timed(url);
for (let round = 0; round < rounds; round++) {
  // Alternating the variants each round keeps a busy machine from favouring one.
  for (const [name, url] of Object.entries(urls)) out[name].push(await timed(url));
}
process.stdout.write(JSON.stringify(out));
agent.destroy();
