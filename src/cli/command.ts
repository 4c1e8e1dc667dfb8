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
