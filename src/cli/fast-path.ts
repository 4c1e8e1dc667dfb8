import { parseArgs } from 'node:util';
import type { CommandSpec, GlobalArgs } from './command.js';
import { checkCommand } from './commands/check.js';
import type { EditArgs } from './commands/edit-options.js';
import { resetCommand } from './commands/reset.js';
import { setCommand } from './commands/set.js';
import { updateCommand } from './commands/update.js';
import { DEFAULT_VERIFY_JOBS, verifyCommand, type VerifyArgs } from './commands/verify.js';
import { runCommand } from './context.js';
import type { Io } from './io.js';

/**
 * Loading yargs costs about 90 ms, more than Node's own start-up in a clean
 * environment. `check` runs on every commit from the pre-commit hook,
 * `set`/`reset`/`update` wrap a vndr run whose overhead is measured against vndr
 * alone, and `verify` is meant to be a fast CI step. So their plain forms are parsed with node:util's parseArgs, and
 * anything else (help, a typo, another command, a form yargs reads
 * differently) goes to the full yargs CLI, which owns every message. A
 * table-driven test asserts that both parsers give the same output.
 */
const GLOBAL_OPTIONS = {
  file: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

const CHECK_OPTIONS = {
  ...GLOBAL_OPTIONS,
  strict: { type: 'boolean' },
  staged: { type: 'boolean' },
  'allow-vendor-edits': { type: 'boolean' },
} as const;

const EDIT_OPTIONS = {
  ...GLOBAL_OPTIONS,
  offline: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  comment: { type: 'string' },
  'no-comment': { type: 'boolean' },
  'keep-ref': { type: 'boolean' },
  strict: { type: 'boolean' },
  'github-url': { type: 'string' },
  vndr: { type: 'string' },
  'no-vndr': { type: 'boolean' },
  verbose: { type: 'boolean' },
  'allow-file-urls': { type: 'boolean' },
  build: { type: 'boolean' },
  'allow-drift': { type: 'boolean' },
  // set and update only: reset with it is left to yargs, which refuses it.
  'allow-drop': { type: 'boolean' },
} as const;

const VERIFY_OPTIONS = {
  ...GLOBAL_OPTIONS,
  patch: { type: 'boolean' },
} as const;

export interface FastCheckArgs {
  file?: string;
  json: boolean;
  color?: boolean;
  strict: boolean;
  staged?: boolean;
  allowVendorEdits?: boolean;
}

type Values = Record<string, string | boolean | undefined>;

function parse(
  argv: string[],
  options: typeof CHECK_OPTIONS | typeof EDIT_OPTIONS | typeof VERIFY_OPTIONS,
  allowPositionals: boolean,
): { values: Values; positionals: string[] } | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: values as Values, positionals };
  } catch {
    return undefined;
  }
}

/** The global flags, or undefined when a pair contradicts itself (yargs decides what that means). */
function globals(values: Values): { json: boolean; file?: string; color?: boolean } | undefined {
  if (values.color && values['no-color']) return undefined;
  return {
    json: values.json === true,
    ...(typeof values.file === 'string' ? { file: values.file } : {}),
    ...(values.color ? { color: true } : values['no-color'] ? { color: false } : {}),
  };
}

/** The arguments of a plain `check` invocation, or undefined when yargs must handle it. */
export function parseFastCheck(argv: string[]): FastCheckArgs | undefined {
  if (argv[0] !== 'check') return undefined;
  const parsed = parse(argv.slice(1), CHECK_OPTIONS, false);
  const base = parsed && globals(parsed.values);
  if (!parsed || !base) return undefined;
  const values = parsed.values as Values;
  return {
    ...base,
    strict: values.strict === true,
    ...(values.staged ? { staged: true } : {}),
    ...(values['allow-vendor-edits'] ? { allowVendorEdits: true } : {}),
  };
}

type FastEditArgs = GlobalArgs & EditArgs & { spec?: string; ref?: string; branch?: string; allowDrop?: boolean };

/** `set DEPENDENCY SPEC`, `reset DEPENDENCY [REF]` or `update DEPENDENCY [BRANCH]` with plain flags; undefined when yargs must handle it. */
export function parseFastEdit(argv: string[]): { command: 'set' | 'reset' | 'update'; args: FastEditArgs } | undefined {
  const command = argv[0];
  if (command !== 'set' && command !== 'reset' && command !== 'update') return undefined;
  // --whitelist is an array option, which yargs fills greedily from the words after it; parseArgs would not.
  if (argv.some((a) => a === '--whitelist' || a.startsWith('--whitelist='))) return undefined;
  const parsed = parse(argv.slice(1), EDIT_OPTIONS, true);
  const base = parsed && globals(parsed.values);
  if (!parsed || !base) return undefined;
  const values = parsed.values as Values;
  const [dependency, second, ...rest] = parsed.positionals;
  // A word that looks like an option after `--` is left to yargs, which reads `--` its own way.
  if (!dependency || rest.length > 0 || argv.includes('--')) return undefined;
  if ((values.comment !== undefined && values['no-comment']) || (values.vndr !== undefined && values['no-vndr']))
    return undefined;
  if (command === 'set' && second === undefined) return undefined;
  if (command === 'reset' && values['allow-drop']) return undefined;
  const args: FastEditArgs = {
    ...base,
    dependency,
    offline: values.offline === true,
    keepRef: values['keep-ref'] === true,
    dryRun: values['dry-run'] === true,
    strict: values.strict === true,
    verbose: values.verbose === true,
    allowFileUrls: values['allow-file-urls'] === true,
    ...(values.build ? { build: true } : {}),
    ...(values['allow-drift'] ? { allowDrift: true } : {}),
    ...(typeof values.comment === 'string'
      ? { comment: values.comment }
      : values['no-comment']
        ? { comment: false }
        : {}),
    ...(typeof values['github-url'] === 'string' ? { githubUrl: values['github-url'] } : {}),
    ...(typeof values.vndr === 'string' ? { vndr: values.vndr } : values['no-vndr'] ? { vndr: false } : {}),
    ...(second !== undefined ? { [command === 'set' ? 'spec' : command === 'reset' ? 'ref' : 'branch']: second } : {}),
    ...(values['allow-drop'] ? { allowDrop: true } : {}),
  };
  return { command, args };
}

/** `verify [DEPENDENCY...]` with plain flags (not --jobs, a number yargs parses); undefined when yargs must handle it. */
export function parseFastVerify(argv: string[]): (GlobalArgs & VerifyArgs) | undefined {
  if (argv[0] !== 'verify' || argv.includes('--')) return undefined;
  const parsed = parse(argv.slice(1), VERIFY_OPTIONS, true);
  const base = parsed && globals(parsed.values);
  if (!parsed || !base) return undefined;
  return {
    ...base,
    patch: parsed.values.patch === true,
    jobs: DEFAULT_VERIFY_JOBS,
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
    const spec = { set: setCommand, reset: resetCommand, update: updateCommand }[edit.command];
    // update --all and reset --merged are yargs' (options parseArgs refuses): a fast edit names its dependency.
    return runCommand(spec as CommandSpec<typeof edit.args>, edit.args, io);
  }
  return undefined;
}
