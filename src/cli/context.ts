import { ExitCode, UserError } from '../errors.js';
import type { CommandContext, CommandSpec, GlobalArgs } from './command.js';
import { colorLevel, makeChalk, type Io } from './io.js';

export function makeContext(io: Io, args: GlobalArgs): CommandContext {
  return {
    io,
    chalk: makeChalk(colorLevel(io.stdout, io.env, args.color)),
    printJson: (value) => io.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  };
}

/** Runs one command and turns whatever it throws into an exit code and the right message. */
export async function runCommand<Args>(spec: CommandSpec<Args>, args: GlobalArgs & Args, io: Io): Promise<number> {
  try {
    return await spec.run(args, makeContext(io, args));
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * The one place errors become output: a UserError is one line, anything
 * else is a bug and prints its stack so it can be reported.
 */
export function reportError(error: unknown, io: Io): number {
  const chalk = makeChalk(colorLevel(io.stderr, io.env, undefined));
  if (error instanceof UserError) {
    io.stderr.write(`${chalk.red('vendorfork:')} ${error.message}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  io.stderr.write(`${chalk.red('vendorfork: unexpected error, please report it with the lines below')}\n${stack}\n`);
  return ExitCode.Internal;
}
