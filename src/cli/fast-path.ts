import { parseArgs } from 'node:util';
import { GLOBAL_OPTIONS, type CommandSpec, type GlobalArgs } from './command.js';
import { checkCommand } from './commands/check.js';
import type { EditArgs } from './commands/edit-options.js';
import { resetCommand } from './commands/reset.js';
import { setCommand } from './commands/set.js';
import { updateCommand } from './commands/update.js';
import { verifyCommand, type VerifyArgs } from './commands/verify.js';
import { runCommand } from './context.js';
import type { Io } from './io.js';
import { fastArgs, fastParseTable, type AnyOptionTable, type ArgValue } from './options.js';

/**
 * Loading yargs costs about 90 ms, more than Node's own start-up in a clean
 * environment. `check` runs on every commit from the pre-commit hook,
 * `set`/`reset`/`update` wrap a vndr run whose overhead is measured against vndr
 * alone, and `verify` is meant to be a fast CI step. So their plain forms are parsed with node:util's parseArgs, and
 * anything else (help, a typo, another command, a form yargs reads
 * differently) goes to the full yargs CLI, which owns every message. Both read
 * each command's one option table (`CommandSpec.options`), and test/cli/argv.test.ts
 * asserts that they give the same args for the same argv.
 */

export interface FastCheckArgs {
  file?: string;
  json: boolean;
  color?: boolean;
  strict: boolean;
  staged?: boolean;
  allowVendorEdits?: boolean;
}

type Parsed = { args: GlobalArgs & Record<string, ArgValue>; positionals: string[] };

/** argv (after the command's name) read through a command's table and the global one; undefined when yargs must read it. */
function parse(argv: string[], table: AnyOptionTable, allowPositionals: boolean): Parsed | undefined {
  // A word that looks like an option after `--` is left to yargs, which reads `--` its own way.
  if (argv.includes('--')) return undefined;
  const options = [...GLOBAL_OPTIONS, ...table];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: fastParseTable(options), strict: true, allowPositionals });
  } catch {
    return undefined;
  }
  const args = fastArgs(options, parsed.values as Record<string, string | boolean | undefined>);
  return args && { args: args as GlobalArgs & Record<string, ArgValue>, positionals: parsed.positionals };
}

/** The arguments of a plain `check` invocation, or undefined when yargs must handle it. */
export function parseFastCheck(argv: string[]): FastCheckArgs | undefined {
  if (argv[0] !== 'check') return undefined;
  return parse(argv.slice(1), checkCommand.options, false)?.args as FastCheckArgs | undefined;
}

type FastEditArgs = GlobalArgs & EditArgs & { spec?: string; ref?: string; branch?: string; allowDrop?: boolean };

const EDITS = { set: setCommand, reset: resetCommand, update: updateCommand } as const;
/** The second positional's name in each edit command's args. */
const SECOND = { set: 'spec', reset: 'ref', update: 'branch' } as const;

/** `set DEPENDENCY SPEC`, `reset DEPENDENCY [REF]` or `update DEPENDENCY [BRANCH]` with plain flags; undefined when yargs must handle it. */
export function parseFastEdit(argv: string[]): { command: 'set' | 'reset' | 'update'; args: FastEditArgs } | undefined {
  const command = argv[0];
  if (command !== 'set' && command !== 'reset' && command !== 'update') return undefined;
  const parsed = parse(argv.slice(1), EDITS[command].options, true);
  if (!parsed) return undefined;
  const [dependency, second, ...rest] = parsed.positionals;
  if (!dependency || rest.length > 0) return undefined;
  if (command === 'set' && second === undefined) return undefined;
  const args = {
    ...parsed.args,
    dependency,
    ...(second !== undefined ? { [SECOND[command]]: second } : {}),
  } as FastEditArgs;
  return { command, args };
}

/** `verify [DEPENDENCY...]` with plain flags (not --jobs, a number yargs parses); undefined when yargs must handle it. */
export function parseFastVerify(argv: string[]): (GlobalArgs & VerifyArgs) | undefined {
  if (argv[0] !== 'verify') return undefined;
  const parsed = parse(argv.slice(1), verifyCommand.options, true);
  if (!parsed) return undefined;
  return {
    ...(parsed.args as unknown as GlobalArgs & VerifyArgs),
    ...(parsed.positionals.length > 0 ? { dependencies: parsed.positionals } : {}),
  };
}

export async function tryFastPath(argv: string[], io: Io): Promise<number | undefined> {
  const verify = parseFastVerify(argv);
  if (verify) return runCommand(verifyCommand, verify, io);
  const check = parseFastCheck(argv);
  if (check) return runCommand(checkCommand, check, io);
  const edit = parseFastEdit(argv);
  if (edit) {
    // update --all and reset --merged are yargs' (their tables keep them off the fast path): a fast edit names its dependency.
    return runCommand(EDITS[edit.command] as CommandSpec<typeof edit.args>, edit.args, io);
  }
  return undefined;
}
