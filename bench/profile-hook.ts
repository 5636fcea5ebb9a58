/**
 * Preloaded (`node --import`) into the server `npm run bench:profile` starts: SIGUSR2 starts V8's CPU profiler,
 * the next SIGUSR2 stops it and writes `<BENCH_PROFILE_DIR>/kit-<pid>-<n>.cpuprofile`. The profile thus covers the
 * load alone, not the start-up (module loading, migrations) that `node --cpu-prof` would mix in.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
let session: Session | undefined;
let written = 0;

process.on('SIGUSR2', () => {
  void (async () => {
    if (!session) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    const file = join(dir, `kit-${process.pid}-${++written}.cpuprofile`);
    writeFileSync(`${file}.part`, JSON.stringify(profile));
    // Renamed when complete, so that the benchmark never reads half a file.
    renameSync(`${file}.part`, file);
  })();
});
