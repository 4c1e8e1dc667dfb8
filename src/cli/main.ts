import { readFileSync } from 'node:fs';
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { ExitCode, UserError } from '../errors.js';
import { checkCommand } from './commands/check.js';
import { diffCommand } from './commands/diff.js';
import { hookCommand } from './commands/hook.js';
import { resetCommand } from './commands/reset.js';
import { setCommand } from './commands/set.js';
import { statusCommand } from './commands/status.js';
import { syncCommand } from './commands/sync.js';
import { updateCommand } from './commands/update.js';
import { verifyCommand } from './commands/verify.js';
import { GLOBAL_OPTIONS, type CommandSpec, type GlobalArgs } from './command.js';
import { declareOptions } from './options.js';
import { reportError, runCommand } from './context.js';
import type { Io } from './io.js';

export const COMMANDS: CommandSpec<never>[] = [
  setCommand as CommandSpec<never>,
  resetCommand as CommandSpec<never>,
  updateCommand as CommandSpec<never>,
  syncCommand as CommandSpec<never>,
  checkCommand as CommandSpec<never>,
  verifyCommand as CommandSpec<never>,
  diffCommand as CommandSpec<never>,
  statusCommand as CommandSpec<never>,
  hookCommand as CommandSpec<never>,
];

function version(): string {
  // Two levels up from src/cli/ and from dist/bin/ alike. The bundled CLI is CommonJS, where import.meta is empty.
  const file =
    typeof __dirname === 'string'
      ? path.join(__dirname, '../../package.json')
      : new URL('../../package.json', import.meta.url);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * The full yargs CLI over `argv`; `onCommand` is called with the command matched and the args yargs parsed.
 * Each command's options come from its table (`CommandSpec.options`), the same one the fast path reads.
 */
export function cliParser(
  argv: string[],
  onCommand: (spec: CommandSpec<never>, args: GlobalArgs) => Promise<void>,
): Argv<GlobalArgs> {
  let parser: Argv<GlobalArgs> = declareOptions(yargs(argv), GLOBAL_OPTIONS)
    .scriptName('vendorfork')
    .usage(
      '$0 <command> [options]\n\nPoint vndr-vendored Go dependencies at forks, and keep vendor.conf and vendor/ honest.',
    )
    .parserConfiguration({ 'populate--': true })
    .strict()
    .demandCommand(1, 'Name a command')
    .recommendCommands()
    .version(version())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UserError(`${message} (see vendorfork --help)`);
    }) as Argv<GlobalArgs>;

  for (const spec of COMMANDS) {
    const builder = (command: Argv<GlobalArgs>) => {
      const declared = declareOptions(command, spec.options);
      return spec.builder ? spec.builder(declared) : declared;
    };
    parser = parser.command(spec.command, spec.describe, builder as never, (args: GlobalArgs) => onCommand(spec, args));
  }
  return parser
    .example('$0 set swarmkit cirocosta/swarmkit@268f203', 'Vendor swarmkit from a fork; vndr runs for swarmkit only')
    .example('$0 diff --online', 'What changed in vendor.conf, with GitHub compare links')
    .example('$0 hook install', 'Check vendor.conf and vendor/ before every commit')
    .example('$0 check', 'Validate vendor.conf')
    .epilogue('Every command has --help with examples. The full docs are in the docs/ folder of the package.');
}

/**
 * Runs the full CLI in process and returns the exit code. Only `run()` in
 * entry.ts touches `process`; tests call `main` with their own Io.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const parser = cliParser(argv, async (spec, args) => {
    exitCode = await runCommand(spec, args as never, io);
  });

  try {
    let helpOutput = '';
    await parser.parseAsync(argv, {}, (_error, _args, output) => {
      helpOutput = output;
    });
    if (helpOutput) io.stdout.write(helpOutput + '\n');
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}
