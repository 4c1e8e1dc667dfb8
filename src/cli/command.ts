import type { ChalkInstance } from 'chalk';
import type { Argv } from 'yargs';
import type { Io } from './io.js';
import { toOptions, type AnyOptionTable, type OptionDecl, type OptionTable } from './options.js';

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

/** The flags every command takes, declared once for yargs (as `global`) and for the fast path. */
export const GLOBAL_OPTIONS: OptionTable<{ file: string }> = [
  {
    flag: 'file',
    type: 'string',
    global: true,
    describe: 'The vendor.conf to use (default: found from the current directory up to the git root)',
  },
  { flag: 'json', type: 'boolean', default: false, global: true, option: null, describe: 'Print the result as JSON' },
  {
    flag: 'color',
    type: 'boolean',
    global: true,
    negatable: true,
    option: null,
    describe: 'Force colour on or off (NO_COLOR and FORCE_COLOR are honoured too)',
  },
];

/** --github-url, for the commands that reach GitHub. */
export const GITHUB_URL: OptionDecl<{ githubUrl: string }> = {
  flag: 'github-url',
  type: 'string',
  describe: 'GitHub Enterprise URL (default: $GITHUB_API_URL or github.com)',
};

/**
 * A command declared as data: yargs sees `command`, `describe`, `options` and `builder`; the fast path reads
 * `options` too; `run` lazy-loads the implementation, so `--help` and light commands never load what heavy
 * commands need. test/cli/argv.test.ts holds yargs and the fast path to the same args for the same argv.
 */
export interface CommandSpec<Args> {
  command: string | string[];
  describe: string;
  /** Its options, declared once: the yargs builder, the fast path's parseArgs table and the options object come from them. */
  options: AnyOptionTable;
  /** What yargs alone reads: positionals and examples. */
  builder?: (yargs: Argv<GlobalArgs>) => Argv<unknown>;
  run(args: GlobalArgs & Args, context: CommandContext): Promise<number>;
}

/** What every command's options object starts with: where it runs, its environment, and --file. */
export function baseOptions(
  args: object,
  context: CommandContext,
): { cwd: string; env: NodeJS.ProcessEnv; file?: string } {
  return { cwd: context.io.cwd, env: context.io.env, ...toOptions(GLOBAL_OPTIONS, args) };
}
