import { createInterface } from 'node:readline';
import { CommandError } from '../errors/index.js';

/** Asks questions, one answer per line. */
export interface Prompter {
  /** Asks `question`; `hidden` answers are not echoed on a terminal (passwords). */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  close(): void;
}

const ended = () => new CommandError('Input ended before every answer was given.');

/** From a pipe: one readline interface for all questions, its lines queued (a pipe may deliver them at once). */
function pipePrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next.reject(ended());
  });
  return {
    async ask(question) {
      output.write(question);
      const line = lines.length ? lines.shift()! : closed ? Promise.reject(ended()) : new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
      const answer = await line;
      output.write('\n');
      return answer;
    },
    close: () => rl.close(),
  };
}

/** Reads a line in raw mode without echoing it (backspace works, Ctrl-C and Ctrl-D cancel). */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CommandError('Cancelled.'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** On a terminal: readline for visible answers, raw mode for hidden ones. */
function terminalPrompter(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Prompter {
  return {
    ask(question, options = {}) {
      if (options.hidden) {
        output.write(question);
        return readHidden(input, output);
      }
      const rl = createInterface({ input, output, terminal: true });
      return new Promise((resolve, reject) => {
        let answered = false;
        rl.on('close', () => {
          if (!answered) reject(new CommandError('Cancelled.'));
        });
        rl.question(question, (answer) => {
          answered = true;
          rl.close();
          resolve(answer);
        });
      });
    },
    close: () => undefined,
  };
}

/**
 * Questions over stdin/stdout. On a terminal hidden answers are not echoed; from a pipe, answers are read
 * line by line (scripts and tests can answer). The end of the input is an error.
 * @example const p = createPrompter(); const name = await p.ask('Username: '); p.close();
 */
export function createPrompter(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Prompter {
  return input.isTTY && output.isTTY ? terminalPrompter(input, output) : pipePrompter(input, output);
}
