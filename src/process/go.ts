import { emptyGroup, spawnGroup } from './group.js';

/** How many of go's last stderr lines an outcome keeps unless told: enough for any message. */
export const GO_TAIL_LINES = 200;

export interface GoRun {
  go: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
  /**
   * How many of the last lines of stderr to keep (GO_TAIL_LINES unless told); `Infinity` keeps them all, as
   * --build does, which reads every failing package of a large failure.
   */
  tailLines?: number;
}

export interface GoOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last `tailLines` non-empty lines go wrote to stderr (all of them with `Infinity`). */
  lines: string[];
}

/**
 * Runs go in a process group of its own, so that an abort (SIGINT, SIGTERM) stops go and the git
 * processes it started; after any abnormal end, the group is emptied before the caller restores files,
 * as for vndr (group.ts emptyGroup). The one way vendorfork runs go: vndr's GOPATH build, the module
 * commands and their --build alike.
 */
export async function runGo(run: GoRun): Promise<GoOutcome> {
  if (run.signal?.aborted) throw run.signal.reason as Error;
  const tail = run.tailLines ?? GO_TAIL_LINES;
  const { child, kill } = spawnGroup(run.go, run.args, { cwd: run.cwd, env: run.env });
  const lines: string[] = [];
  let stdout = '';
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const onLine = (line: string) => {
    if (!line) return;
    lines.push(line);
    if (lines.length > tail) lines.shift();
    run.onLine?.(line);
  };
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    parts.forEach(onLine);
  });
  run.signal?.addEventListener('abort', kill, { once: true });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode, exitSignal) => {
        onLine(rest);
        resolve({ code: exitCode, signal: exitSignal });
      });
    },
  ).finally(() => run.signal?.removeEventListener('abort', kill));
  if (code !== 0 || signal !== null || run.signal?.aborted) await emptyGroup(child.pid!);
  if (run.signal?.aborted) throw run.signal.reason as Error;
  return { code, signal, stdout, lines };
}
