import { SingleBar } from 'cli-progress';

/** What a command needs from a progress bar (cli-progress's SingleBar). */
export interface ProgressBar {
  start(total: number, value?: number): void;
  update(value: number): void;
  stop(): void;
}

/** Options of `createProgressBar`. */
export interface ProgressOptions {
  /** Where to draw: stderr by default, so stdout stays parseable. */
  stream?: NodeJS.WriteStream;
}

/**
 * A cli-progress bar labelled `label`, on stderr: redrawn in place on a terminal; in logs and pipes, a line
 * every half second and at the end.
 * @example const bar = createProgressBar('fixtures/big.yaml'); bar.start(5000); bar.update(2500); bar.stop();
 */
export function createProgressBar(label: string, options: ProgressOptions = {}): ProgressBar {
  return new SingleBar({
    format: `${label} [{bar}] {percentage}% {value}/{total}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    barsize: 30,
    stream: options.stream ?? process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 500,
    hideCursor: false,
    clearOnComplete: false,
  });
}
