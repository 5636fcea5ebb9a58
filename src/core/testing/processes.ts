import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { projectRoot } from '../../settings/index.js';

/** A free TCP port on the loopback (free when asked; a server started right after binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs one statement on a PostgreSQL server through its own connection (`create database`, `drop database`). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh name for a database a test run creates: `<prefix>_<kind>_<pid>_<random>`. The prefix is
 * `TEST_DATABASE_PREFIX` (default `kit`; letters, digits and underscores), so runs sharing a server can be told
 * apart and cleaned up by name.
 * @example testDatabaseName('test') // 'kit_test_4242_a1b2c3'
 */
export function testDatabaseName(kind: 'test' | 'e2e'): string {
  const prefix = process.env.TEST_DATABASE_PREFIX || 'kit';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,30}$/.test(prefix)) {
    throw new Error(`TEST_DATABASE_PREFIX must be 1 to 31 letters, digits or underscores (not starting with a digit), got '${prefix}'.`);
  }
  return `${prefix}_${kind}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** What a finished run did. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `node <root>/dist/src/manage.js ...args` in `root` (the project by default). */
export function spawnManage(args: string[], env: NodeJS.ProcessEnv, root = projectRoot): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist', 'src', 'manage.js'), ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs the CLI to the end; `input` is written to its stdin (then closed). */
export function manage(args: string[], env: NodeJS.ProcessEnv, options: { input?: string; root?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawnManage(args, env, options.root);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin!.end(options.input ?? '');
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

