/**
 * Preloaded (`node --import`) into the server `npm run bench:profile` starts: SIGUSR2 starts V8's CPU profiler,
 * the next SIGUSR2 stops it and writes `<BENCH_PROFILE_DIR>/kit-<pid>-<n>.cpuprofile`. The profile thus covers the
 * load alone, not the start-up (module loading, migrations) that `node --cpu-prof` would mix in.
 * With BENCH_PROFILE_KIND=alloc it samples allocations instead (V8's sampling heap profiler, counting the objects
 * the garbage collector has already freed too: what a request allocates, not what stays) into `….heapprofile`.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
const allocations = process.env.BENCH_PROFILE_KIND === 'alloc';
let session: Session | undefined;
let written = 0;

process.on('SIGUSR2', () => {
  void (async () => {
    if (!session) {
      session = new Session();
      session.connect();
      if (allocations) {
        await session.post('HeapProfiler.enable');
        await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
      } else {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      return;
    }
    const { profile } = allocations ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    const file = join(dir, `kit-${process.pid}-${++written}.${allocations ? 'heapprofile' : 'cpuprofile'}`);
    writeFileSync(`${file}.part`, JSON.stringify(profile));
    // Renamed when complete, so that the benchmark never reads half a file.
    renameSync(`${file}.part`, file);
  })();
});
