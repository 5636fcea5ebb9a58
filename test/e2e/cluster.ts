/**
 * Several processes as one: N server processes on their own ports and a `manage worker`, sharing one fresh
 * PostgreSQL database and one Redis (E2E_REDIS_URL, else database 8), with a key prefix of the run's own.
 * Suites start one with `startCluster()` and add their cases against `cluster.servers[i]`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { projectRoot } from '../../src/settings/paths.js';
import { createDatabase, manage, NPM_START, processEnv, ServerProcess, startProcess, type TestDatabase } from './support.js';

/** The Redis the cluster shares. */
export const clusterRedisUrl = process.env.E2E_REDIS_URL || 'redis://127.0.0.1:6379/8';

/** A running cluster; `stop()` ends every process, drops the database and removes the run's Redis keys. */
export interface Cluster {
  db: TestDatabase;
  /** The environment every process of the cluster got. */
  env: NodeJS.ProcessEnv;
  servers: ServerProcess[];
  worker: ServerProcess;
  /** A client on the shared Redis (for assertions and cleanup). */
  redis: Redis;
  /** The output of every process, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

/** Options of `startCluster`. */
export interface ClusterOptions {
  servers?: number;
  /** Fixtures `manage seed` loads before the servers start. */
  seed?: string[];
  /** Extra environment of every process. */
  env?: NodeJS.ProcessEnv;
}

/** Starts the cluster: seeds the database (applying the migrations once), then the servers and the worker. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const db = await createDatabase();
  const prefix = `kit-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...processEnv(db.url, options.env), REDIS_URL: clusterRedisUrl, TASKS_PREFIX: prefix };
  const redis = new Redis(clusterRedisUrl, { maxRetriesPerRequest: 1 });
  const seeded = await manage(['seed', '--names', ...(options.seed ?? ['initial-users'])], env);
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const servers = await Promise.all(Array.from({ length: options.servers ?? 2 }, () => startProcess(NPM_START, env)));
  const child = spawn(process.execPath, ['--enable-source-maps', join('dist', 'src', 'manage.js'), 'worker'], { cwd: projectRoot, env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker = new ServerProcess(child, '');
  const cluster: Cluster = {
    db,
    env,
    servers,
    worker,
    redis,
    logs: () => [...servers.map((s, i) => `--- server ${i} (${s.baseUrl}) ---\n${s.log}`), `--- worker ---\n${worker.log}`].join('\n'),
    async stop() {
      await Promise.all([...servers, worker].map((p) => p.stop()));
      const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys('login-failures*'))];
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await db.drop();
    },
  };
  try {
    await Promise.all([...servers.map((s) => s.ready()), worker.outputMatches(/worker ready/g, 1)]);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
