/**
 * Cold start: the time from spawning the server process (`node dist/src/start.js`, what `npm start` runs: the
 * server bundle, with no compilation) to its first 200 on GET /api/heroes/, against the raw Express + pg
 * baseline, on a migrated PostgreSQL database; BENCH_ROUNDS rounds (default 5), alternating, medians printed.
 * BENCH_START=modules starts the compiled modules instead (`node dist/src/server.js`), to compare.
 *
 * Run: npm run bench:startup   (needs a PostgreSQL server; see bench/README.md)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createBenchDatabase, displayUrl, freePort, intEnv, kitServerEnv, kitServerScript, machineLine, median, projectRoot, runBenchmark, seedDatabase, sleep, STARTED_WITHOUT_BUNDLE } from './http-harness.js';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = intEnv('BENCH_ROUNDS', 5, 1);

/** Milliseconds from spawn to the first 200 of `path` (the process is stopped afterwards). */
async function coldStart(script: string, env: NodeJS.ProcessEnv, path: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(projectRoot, script), '--port', String(port), '--host', '127.0.0.1'], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      let status = 0;
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
        status = res.status;
      } catch {
        // not listening yet
      }
      if (status === 200) {
        const took = performance.now() - started;
        // start.ts fell back to the compiled modules: that is not the start being measured.
        if (stderr.includes(STARTED_WITHOUT_BUNDLE)) throw new Error(`${script}: ${stderr.trim()}`);
        return took;
      }
      await sleep(5);
      if (performance.now() - started > 60_000) throw new Error(`${script} did not answer within 60 s`);
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

async function main(): Promise<void> {
  console.log('Cold start to the first 200: the kit server vs the raw Express + pg baseline');
  console.log(machineLine());
  console.log(`Server ${displayUrl(serverUrl)}; BENCH_ROUNDS=${rounds}; kit: node ${kitServerScript}`);
  const db = await createBenchDatabase(serverUrl);
  await seedDatabase(db.url, [], 200);
  const kit: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['kit', 'raw'] : ['raw', 'kit'];
    for (const which of order) {
      if (which === 'kit') kit.push(await coldStart(kitServerScript, kitServerEnv(db.url, 'info'), '/api/heroes/'));
      else raw.push(await coldStart(join('dist', 'bench', 'baseline-server.js'), { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, '/api/heroes/'));
    }
    console.log(`round ${round + 1}: kit ${kit.at(-1)!.toFixed(0)} ms, baseline ${raw.at(-1)!.toFixed(0)} ms`);
  }
  console.log(`\nmedian cold start: kit ${median(kit).toFixed(0)} ms, baseline ${median(raw).toFixed(0)} ms (kit/baseline ${(median(kit) / median(raw)).toFixed(2)}×)`);
}

await runBenchmark(main, 600);
