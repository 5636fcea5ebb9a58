import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Caps how far V8 lets the heap grow past what the last full GC kept (`--heap-growing-percent`). Under load a
 * server allocates fast and V8 then grows the old generation to 3–4× the live heap before collecting it: the
 * kit's server, some 40 MB live, peaked at 250–270 MB RSS under the HTTP benchmark; about 180 MB at 75%. The
 * price is two to three times as many full GCs, mostly concurrent (bench/README has the figures).
 *
 * V8 applies the flag when a full GC sets the next limit, so the cap runs one full GC right away: otherwise the
 * limit the start's last GC set (at the start's growth factor, some 4× a live heap still holding the start's
 * garbage) would stand until the load first reached it. The server sets it once listening, after writing the
 * code cache, which V8 would reject at the next start if made under other flags. `percent` 0 leaves V8's
 * heuristic alone; a flag given on the command line wins.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent <= 0 || process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  collectGarbage();
}

/** One full GC. `gc` is a global of contexts made after `--expose-gc` is set (a start without it has none). */
function collectGarbage(): void {
  if (!process.execArgv.includes('--expose-gc')) v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
