// Types only from yargs: this module is on the fast path, which must not load yargs (about 90 ms).
import type { Argv, Options as YargsOption } from 'yargs';

/** What a parsed flag holds: yargs and the fast path give the same values for the same argv. */
export type ArgValue = string | boolean | number | string[];

/**
 * One option of one command, declared once. The yargs builder (`declareOptions`), the fast path's
 * node:util parseArgs table (`fastParseTable`, `fastArgs`) and the command's options object (`toOptions`)
 * are all derived from it, so a flag cannot be added to one and forgotten in another.
 */
export interface OptionDecl<Options = Record<string, unknown>> {
  /** The flag as typed, without its dashes: `dry-run`. Its key in the parsed args is yargs' camel case of it (`dryRun`). */
  readonly flag: string;
  /** `strings` is a repeatable string (yargs' array); `choice` one of `choices`. */
  readonly type: 'boolean' | 'string' | 'strings' | 'number' | 'choice';
  readonly choices?: readonly string[];
  readonly default?: boolean | number;
  readonly describe: string;
  /** Declared for every command (yargs' `global`): --file, --json, --color. */
  readonly global?: true;
  /** `--no-FLAG` turns a string option off (its value is then false), as yargs reads it; the fast path accepts it too. */
  readonly negatable?: true;
  /**
   * The fast path leaves a command line with this flag to yargs. Implied for `strings`, `number` and `choice`:
   * parseArgs has no numbers or choices, and yargs fills an array greedily from the words after it.
   */
  readonly fast?: false;
  /**
   * Where the value goes in the command's options object: that key (default: the arg key), a function for a value
   * that changes shape (`--no-vndr` is `noVndr: true`), or null when only the CLI reads it (rendering, exit code).
   */
  readonly option?: (keyof Options & string) | ((value: ArgValue) => Partial<Options>) | null;
}

export type OptionTable<Options = Record<string, unknown>> = readonly OptionDecl<Options>[];

/** yargs' camel-case alias of a flag: `allow-vendor-edits` → `allowVendorEdits`. */
export function argKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The table as yargs options, on the builder it is given. */
export function declareOptions<T, Options>(yargs: Argv<T>, table: OptionTable<Options>): Argv<T> {
  let declared = yargs;
  for (const decl of table) {
    const option: YargsOption = { describe: decl.describe };
    if (decl.type === 'choice') option.choices = [...(decl.choices ?? [])];
    else if (decl.type === 'strings') Object.assign(option, { type: 'string', array: true });
    else option.type = decl.type;
    if (decl.default !== undefined) option.default = decl.default;
    if (decl.global) option.global = true;
    declared = declared.option(decl.flag, option) as Argv<T>;
  }
  return declared;
}

function onFastPath<Options>(decl: OptionDecl<Options>): boolean {
  return decl.fast !== false && (decl.type === 'boolean' || decl.type === 'string');
}

/** The table as node:util parseArgs options: the flags the fast path reads; any other makes parseArgs (strict) refuse. */
export function fastParseTable<Options>(table: OptionTable<Options>): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const decl of table.filter(onFastPath)) {
    options[decl.flag] = { type: decl.type === 'string' ? 'string' : 'boolean' };
    if (decl.negatable) options[`no-${decl.flag}`] = { type: 'boolean' };
  }
  return options;
}

/**
 * parseArgs' values as yargs gives them: camel-case keys, defaults filled in (a flag off the fast path was not
 * given, or parseArgs would have refused the line, so it has its default), `--no-FLAG` as false. Undefined when a
 * flag and its negation are both given, which yargs decides in its own way.
 */
export function fastArgs<Options>(
  table: OptionTable<Options>,
  values: Record<string, string | boolean | undefined>,
): Record<string, ArgValue> | undefined {
  const args: Record<string, ArgValue> = {};
  for (const decl of table) {
    const given = onFastPath(decl) ? values[decl.flag] : undefined;
    const negated = onFastPath(decl) && decl.negatable === true && values[`no-${decl.flag}`] === true;
    if (negated && given !== undefined) return undefined;
    const value = negated ? false : (given ?? decl.default);
    if (value !== undefined) args[argKey(decl.flag)] = value;
  }
  return args;
}

/** The command's options object, from the parsed args (yargs' or the fast path's): what each declaration says it fills. */
export function toOptions<Options>(table: OptionTable<Options>, args: object): Partial<Options> {
  const values = args as Record<string, ArgValue | undefined>;
  const options: Record<string, unknown> = {};
  for (const decl of table) {
    const value = values[argKey(decl.flag)];
    if (value === undefined || decl.option === null) continue;
    if (typeof decl.option === 'function') Object.assign(options, decl.option(value));
    else options[decl.option ?? argKey(decl.flag)] = value;
  }
  return options as Partial<Options>;
}

/** Any command's table, whatever its options object: `any` is the one value type every options interface fits. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptionTable = OptionTable<Record<string, any>>;
