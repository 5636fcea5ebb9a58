/**
 * A minimal progress bar for long commands (fixture files of thousands of entries). DESIGN.md names
 * `cli-progress` for this job; it is not installed yet, so this printer offers the same three calls
 * (`start`, `update`, `stop`) and can be swapped for `new SingleBar(...)` without touching the commands.
 */

/** What a command needs from a progress bar (a subset of cli-progress's SingleBar). */
export interface ProgressBar {
  start(total: number, value?: number): void;
  update(value: number): void;
  stop(): void;
}

/** Options of `createProgressBar`. */
export interface ProgressOptions {
  /** Where to draw: stderr by default, so stdout stays parseable. */
  stream?: NodeJS.WriteStream;
  /** Characters of the bar. */
  width?: number;
  /** Least time between two redraws on a terminal. */
  intervalMs?: number;
}

/**
 * A progress bar labelled `label`: redrawn in place on a terminal (at most every `intervalMs`), one line per
 * tenth otherwise (logs and pipes get a readable trace, not carriage returns).
 * @example const bar = createProgressBar('fixtures/big.yaml'); bar.start(5000); bar.update(2500); bar.stop();
 */
export function createProgressBar(label: string, options: ProgressOptions = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  const interval = options.intervalMs ?? 100;
  const tty = stream.isTTY === true;
  let total = 0;
  let value = 0;
  let lastDraw = 0;
  let lastTenth = -1;
  let running = false;

  const line = () => {
    const ratio = total > 0 ? Math.min(1, value / total) : 1;
    const filled = Math.round(ratio * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${value}/${total}`;
  };
  const draw = (force: boolean) => {
    if (tty) {
      const now = Date.now();
      if (!force && now - lastDraw < interval) return;
      lastDraw = now;
      stream.write(`\r${line()}`);
      return;
    }
    const tenth = total > 0 ? Math.floor((value / total) * 10) : 10;
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${line()}\n`);
    }
  };

  return {
    start(newTotal, start = 0) {
      total = newTotal;
      value = start;
      running = true;
      lastTenth = -1;
      draw(true);
    },
    update(newValue) {
      if (!running) return;
      value = newValue;
      draw(value >= total);
    },
    stop() {
      if (!running) return;
      running = false;
      if (tty) {
        stream.write(`\r${line()}\n`);
      } else if (lastTenth < 10 && value >= total) {
        stream.write(`${line()}\n`);
      }
    },
  };
}
