import type { ChalkInstance } from 'chalk';
import type { Argv } from 'yargs';
import type { Io } from './io.js';

export interface GlobalArgs {
  json: boolean;
  file?: string;
  color?: boolean;
}

export interface CommandContext {
  io: Io;
  chalk: ChalkInstance;
  printJson(value: unknown): void;
}

/**
 * A command declared as data: yargs sees `command`, `describe` and `builder`;
 * `run` lazy-loads the implementation, so `--help` and light commands never
 * load what heavy commands need.
 */
export interface CommandSpec<Args> {
  command: string | string[];
  describe: string;
  /** Declares the options; yargs' types cannot express its camel-case aliases, so the mapping to Args is checked by test/cli/argv.test.ts. */
  builder: (yargs: Argv<GlobalArgs>) => Argv<unknown>;
  run(args: GlobalArgs & Args, context: CommandContext): Promise<number>;
}

/** The --github-url option, for the commands that reach GitHub. */
export function withGithubUrl<T>(yargs: Argv<T>): Argv<T> {
  return yargs.option('github-url', {
    type: 'string',
    describe: 'GitHub Enterprise URL (default: $GITHUB_API_URL or github.com)',
  }) as Argv<T>;
}

/** What every command's options object starts with: where it runs, its environment, and the global flags that apply. */
export function baseOptions(
  args: GlobalArgs & { githubUrl?: string },
  context: CommandContext,
): { cwd: string; env: NodeJS.ProcessEnv; file?: string; githubUrl?: string } {
  return {
    cwd: context.io.cwd,
    env: context.io.env,
    ...(args.file !== undefined ? { file: args.file } : {}),
    ...(args.githubUrl !== undefined ? { githubUrl: args.githubUrl } : {}),
  };
}
