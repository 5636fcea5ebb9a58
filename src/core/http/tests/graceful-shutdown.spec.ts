/**
 * Graceful shutdown of the real server process (`node dist/src/server.js`): on SIGTERM it stops accepting
 * connections, lets the requests in flight finish, closes the database and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { freePort } from '../../testing/processes.js';
import { projectRoot } from '../../../settings/index.js';

/** What a connection attempt to `port` gives: 'connected', or the error code (ECONNREFUSED). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The server process, its output so far, and its exit. */
class ServerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the output holds `text`; rejects if the process exits first. */
  async waitFor(text: string): Promise<void> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!this.output.includes(text)) {
      if (exited) throw new Error(`The server exited before logging '${text}'. Its output:\n${this.output}`);
      await sleep(50);
    }
  }
}

/** Starts `node dist/src/server.js --port <port>` on a fresh embedded database in `dataDir`. */
function startServer(port: number, dataDir: string): ServerProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, APP_ENVIRONMENT: 'dev', PGLITE_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'server.js'), '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ServerProcess(child);
}

/** The status and JSON body of a response. */
function responseOf(request: http.ClientRequest): Promise<{ status: number; connection?: string; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: JSON.parse(text) as Record<string, unknown> }));
    });
  });
}

describe('graceful shutdown of the server process', function () {
  // Starting a process, opening an embedded database and migrating it is slow on a busy machine.
  this.timeout(180_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kit-shutdown-'));
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM, finishes the request in flight, refuses new connections and exits with code 0', async () => {
    const port = await freePort();
    server = startServer(port, dataDir);
    await server.waitFor('listening on');
    // Never write to a database configured in envs/dev.env: this test needs the embedded one.
    expect(server.output).to.include('database: embedded PGlite');

    // A registration (public) whose body arrives slowly, in two parts: the request is in flight when SIGTERM comes.
    const hero = JSON.stringify({ username: 'slowpoke', first_name: 'Slow', last_name: 'Poke', password: 'slow-poke-1' });
    const agent = new http.Agent({ keepAlive: true });
    const request = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/users/', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(hero), Expect: '100-continue' },
    });
    const response = responseOf(request);
    try {
      // The server's "100 Continue" proves it has the request's headers: the request is in flight.
      request.flushHeaders();
      await once(request, 'continue');
      request.write(hero.slice(0, 12));
      await sleep(250);
      server.child.kill('SIGTERM');
      await server.waitFor('SIGTERM: stopping');

      expect(await tryConnect(port)).to.equal('ECONNREFUSED');

      await sleep(250);
      request.end(hero.slice(12));
      const { status, connection, body } = await response;
      expect(status).to.equal(201);
      expect(body).to.include({ username: 'slowpoke', first_name: 'Slow', last_name: 'Poke' });
      // The client asked to keep the connection alive; the server says it closes it, so as not to be held open.
      expect(connection).to.equal('close');

      // The server's own deadline exits with 1 after 10 s: 0 means it stopped cleanly and in time.
      expect(await server.exited).to.deep.equal({ code: 0, signal: null });
    } finally {
      agent.destroy();
    }
  });
});
