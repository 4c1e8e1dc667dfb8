import { parseArgs } from 'node:util';
import { checkCommand } from './commands/check.js';
import { runCommand } from './context.js';
import type { Io } from './io.js';

/**
 * `vendorfork check` runs on every commit from the pre-commit hook, and
 * loading yargs alone costs more than Node's own start-up. So the plain forms
 * of `check` are parsed with node:util's parseArgs, and anything else (help,
 * a typo, another command) goes to the full yargs CLI, which owns every
 * message. A table-driven test asserts both parsers agree.
 */
const CHECK_OPTIONS = {
  file: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  strict: { type: 'boolean' },
  staged: { type: 'boolean' },
  'allow-vendor-edits': { type: 'boolean' },
} as const;

export interface FastCheckArgs {
  file?: string;
  json: boolean;
  color?: boolean;
  strict: boolean;
  staged?: boolean;
  allowVendorEdits?: boolean;
}

/** The arguments of a plain `check` invocation, or undefined when yargs must handle it. */
export function parseFastCheck(argv: string[]): FastCheckArgs | undefined {
  if (argv[0] !== 'check') return undefined;
  let values;
  try {
    ({ values } = parseArgs({ args: argv.slice(1), options: CHECK_OPTIONS, strict: true, allowPositionals: false }));
  } catch {
    return undefined;
  }
  if (values.color && values['no-color']) return undefined;
  const args: FastCheckArgs = { json: values.json ?? false, strict: values.strict ?? false };
  if (values.file !== undefined) args.file = values.file;
  if (values.color) args.color = true;
  if (values['no-color']) args.color = false;
  if (values.staged) args.staged = true;
  if (values['allow-vendor-edits']) args.allowVendorEdits = true;
  return args;
}

export async function tryFastPath(argv: string[], io: Io): Promise<number | undefined> {
  const args = parseFastCheck(argv);
  return args ? runCommand(checkCommand, args, io) : undefined;
}
