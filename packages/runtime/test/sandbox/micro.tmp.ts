import { loadBundle } from '../../src/loader/load.ts';
import { createSandbox } from '../../src/sandbox/instance.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { callInput, invocationContext } from './context.ts';
import { HeaderList } from '@weft/platform';
const main = `export function onClientRequest(request) { request.setHeader('x-bench', '1'); }
export function onClientResponse(request, response) { response.setHeader('x-bench-crsp', '1'); }`;
const sandbox = createSandbox(await loadBundle(writeBundle({ 'main.js': main })), { checkCpuAfterCall: process.env.CPU === '1' });
const headers = [['host','www.example.com'],['user-agent','wrk'],['accept','*/*'],['x-forwarded-for','127.0.0.1']];
async function round(n: number, handler: 'onClientRequest' | 'onClientResponse') {
  const ctx = invocationContext(handler);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const input = callInput(handler, { headers: new HeaderList(headers as any) } as any);
    if (handler === 'onClientResponse') (input as any).response = { status: 200, headers: new HeaderList() };
    const out = await sandbox.invoke(handler, input, ctx);
    if (out.status !== 'Success') throw new Error(JSON.stringify(out));
  }
  const c = process.cpuUsage(c0); return (c.user + c.system) / n;
}
for (let r = 0; r < Number(process.env.ROUNDS ?? 8); r++) console.log(Math.round(process.memoryUsage().heapUsed/1e6)+'MB', 'onClientRequest µs/call', (await round(20000, 'onClientRequest')).toFixed(1), 'onClientResponse', (await round(20000, 'onClientResponse')).toFixed(1));
