/**
 * Preloaded (`node --import`) into the servers the HTTP benchmarks start: when the benchmark process is gone
 * (killed with SIGKILL, so it could not stop them), the server sends itself SIGTERM (its own graceful shutdown)
 * and exits at the latest 15 s later. No server outlives the benchmark that started it.
 */
export {};

const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 15_000).unref();
}, 1000);
timer.unref();
