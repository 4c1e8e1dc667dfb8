import { Chalk, type ChalkInstance } from 'chalk';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI touches of the outside world, so tests can run `main` in process. */
export interface Io {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Colour follows the conventions users expect: `--color`/`--no-color` first,
 * then NO_COLOR (any non-empty value), then FORCE_COLOR (0-3), then whether
 * the stream is a terminal.
 */
export function colorLevel(stream: Output, env: NodeJS.ProcessEnv, flag: boolean | undefined): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (flag === true) return Math.max(1, terminalLevel(env)) as 1 | 2 | 3;
  if (env.NO_COLOR) return 0;
  if (env.FORCE_COLOR !== undefined) {
    if (env.FORCE_COLOR === 'false' || env.FORCE_COLOR === '0') return 0;
    const level = Number.parseInt(env.FORCE_COLOR, 10);
    return Number.isInteger(level) && level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return terminalLevel(env);
}

function terminalLevel(env: NodeJS.ProcessEnv): 1 | 2 | 3 {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
