// Miniflare's side of `pnpm bench startup`: a one-line module worker served by Miniflare (workerd)
// on a loopback port; prints the URL once Miniflare says it is ready. Plain JS, as a user runs it.
import { Miniflare } from 'miniflare';

const mf = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response("ok"); } };', port: 0, host: '127.0.0.1' });
const url = await mf.ready;
process.stdout.write(`listening ${url.href}\n`);
process.on('SIGTERM', () => void mf.dispose().then(() => process.exit(0)));
