import type { ChalkInstance } from 'chalk';
import type { VendoringEvent } from '../vendoring/tool.js';
import type { Io } from './io.js';

export interface Progress {
  onEvent(event: VendoringEvent): void;
  /** Stops a spinner, if any; safe to call twice. */
  stop(): void;
}

/**
 * vndr takes seconds per dependency. On a terminal: a spinner naming the
 * dependency and the time so far (ora). Elsewhere: one line when each starts
 * and ends. vndr's own timestamped log only with --verbose; on failure its
 * last lines come with the error.
 */
export async function makeProgress(io: Io, chalk: ChalkInstance, options: { verbose: boolean }): Promise<Progress> {
  const out = io.stderr;
  if (!out.isTTY || options.verbose) {
    return {
      onEvent(event) {
        if (event.type === 'start') out.write(`${event.tool} ${event.importPath} ...\n`);
        if (event.type === 'log' && options.verbose) out.write(chalk.dim(`  ${event.line}\n`));
        if (event.type === 'done') out.write(`${event.tool} ${event.importPath}: done in ${seconds(event.ms)}\n`);
        if (event.type === 'build') out.write(`go build ${event.importPath} and its importers ...\n`);
      },
      stop() {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: out as NodeJS.WritableStream, color: 'cyan' });
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (spinner.isSpinning) spinner.stop();
  };
  return {
    onEvent(event) {
      if (event.type === 'start') {
        const started = Date.now();
        const text = () => `${event.tool} ${chalk.bold(event.importPath)} ${chalk.dim(seconds(Date.now() - started))}`;
        spinner.start(text());
        timer = setInterval(() => (spinner.text = text()), 100);
      }
      if (event.type === 'done') {
        stop();
        spinner.succeed(`${event.tool} ${event.importPath} ${chalk.dim(seconds(event.ms))}`);
      }
      if (event.type === 'build') spinner.start(`go build ${chalk.bold(event.importPath)} and its importers`);
    },
    stop,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
