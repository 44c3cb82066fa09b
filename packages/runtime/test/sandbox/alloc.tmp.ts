import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
const session = new Session(); session.connect();
await session.post('HeapProfiler.enable');
process.env.ROUNDS = '2';
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as any);
await import('./micro.tmp.ts');
const { profile } = await session.post('HeapProfiler.stopSampling') as any;
fs.writeFileSync('/tmp/alloc.heapprofile', JSON.stringify(profile));
