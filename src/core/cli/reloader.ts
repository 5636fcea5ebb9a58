import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CommandError } from '../errors/index.js';
import { projectRoot } from '../../settings/index.js';

/** tsc's line at the end of each compilation in watch mode: `… Found 0 errors. Watching for file changes.` */
const COMPILED = /Found (\d+) errors?\. Watching for file changes/;

/** Waits for a child process to exit; SIGKILL after `graceMs`. */
function stopChild(child: ChildProcess | undefined, graceMs = 12_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * `serve --reload`: compiles with `tsc --watch` (the only compiler that emits the decorator metadata the kit
 * needs) and restarts the server process (`manage serve` with `serveArgs`) after every compilation without
 * errors. A compilation with errors keeps the running server, and says so. SIGTERM/SIGINT stop both.
 */
export async function runWithReload(serveArgs: string[]): Promise<void> {
  let tscBin: string;
  try {
    tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new CommandError('--reload needs TypeScript, a dev dependency: run npm install (without --omit=dev).');
  }
  const say = (text: string) => console.log(`[reload] ${text}`);
  const tsc = spawn(process.execPath, [tscBin, '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let server: ChildProcess | undefined;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();

  const startServer = () => {
    const child = spawn(process.execPath, ['--enable-source-maps', join(projectRoot, 'dist', 'src', 'manage.js'), 'serve', ...serveArgs], {
      cwd: projectRoot,
      stdio: 'inherit',
    });
    child.once('exit', (code, signal) => {
      if (server === child && !stopping) say(`the server exited (${signal ?? code}); waiting for a change to restart it`);
    });
    server = child;
  };
  const restart = () => {
    restarting = restarting.then(async () => {
      if (stopping) return;
      if (server) say('restarting the server');
      const old = server;
      server = undefined;
      await stopChild(old);
      if (!stopping) startServer();
    });
  };

  say('compiling with tsc --watch');
  createInterface({ input: tsc.stdout! }).on('line', (line) => {
    if (line.trim()) console.log(`[tsc] ${line}`);
    const compiled = COMPILED.exec(line);
    if (!compiled) return;
    if (compiled[1] === '0') restart();
    else say(server ? 'type errors: the running server is kept until they are fixed' : 'type errors: fix them to start the server');
  });

  await new Promise<void>((resolve) => {
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      process.exitCode = code;
      await restarting;
      await Promise.all([stopChild(server), stopChild(tsc, 2_000)]);
      resolve();
    };
    tsc.once('exit', (code, signal) => {
      if (stopping) return;
      // Ctrl-C reaches the whole process group: tsc may see it before this process does.
      if (signal) return void stop(0);
      say(`tsc exited (${code}): stopping`);
      void stop(1);
    });
    process.once('SIGTERM', () => void stop(0));
    process.once('SIGINT', () => void stop(0));
  });
}
