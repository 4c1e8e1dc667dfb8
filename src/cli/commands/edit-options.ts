import type { Argv } from 'yargs';
import { baseOptions, GITHUB_URL, type CommandContext, type GlobalArgs } from '../command.js';
import { toOptions, type OptionDecl, type OptionTable } from '../options.js';
import type { EditOptions, EditResult } from '../../manifest/edit.js';

/** The options set, reset and update share, as their parsed args. */
export interface EditArgs {
  dependency: string;
  offline: boolean;
  keepRef: boolean;
  dryRun: boolean;
  /** A string, or false for --no-comment. */
  comment?: string | false;
  strict: boolean;
  allowDrift: boolean;
  githubUrl?: string;
  /** --vndr PATH, or false for --no-vndr. */
  vndr?: string | false;
  whitelist?: string[];
  verbose: boolean;
  allowFileUrls: boolean;
  build: boolean;
}

/** The options set, reset and update share, declared once. */
export const EDIT_OPTIONS: OptionTable<EditOptions> = [
  GITHUB_URL,
  { flag: 'offline', type: 'boolean', default: false, describe: 'No network: the ref must be a full SHA' },
  { flag: 'dry-run', type: 'boolean', default: false, describe: 'Print the change to the manifest, write nothing' },
  {
    flag: 'comment',
    type: 'string',
    negatable: true,
    // vendor.conf's edit takes null for "remove the comment".
    option: (value) => ({ comment: value === false ? null : String(value) }),
    describe: 'Set the inline comment, e.g. the upstream pull request; --no-comment removes it',
  },
  {
    flag: 'keep-ref',
    type: 'boolean',
    default: false,
    describe: 'Write the ref as typed (a short SHA or a branch) after checking it',
  },
  {
    flag: 'strict',
    type: 'boolean',
    default: false,
    describe:
      "Refuse a fork outside the upstream network, a move that drops commits, a dependency whose own pins differ from yours, and (modules) a move that changes other modules' versions",
  },
  {
    flag: 'allow-drift',
    type: 'boolean',
    default: false,
    describe:
      "Modules: accept a move that changes other modules' versions in go's build list (a warning otherwise, refused under --strict)",
  },
  {
    flag: 'vndr',
    type: 'string',
    negatable: true,
    option: (value) => (value === false ? { noVndr: true } : { vndr: String(value) }),
    describe:
      'The vndr to run (default: $VNDR, then PATH); --no-vndr only rewrites the manifest (no vndr, no go mod vendor)',
  },
  {
    flag: 'whitelist',
    type: 'strings',
    describe: "vndr -whitelist regex, repeatable (moby: '^archive[/\\\\]tar')",
  },
  { flag: 'verbose', type: 'boolean', default: false, option: null, describe: "Show vndr's own log" },
  {
    flag: 'build',
    type: 'boolean',
    default: false,
    describe:
      'Prove it compiles: go build the dependency and its importers before and after; a new failure puts everything back (exit 1)',
  },
  {
    flag: 'allow-file-urls',
    type: 'boolean',
    default: false,
    describe: 'Accept file:///path repositories (local mirrors), in the spec and in vendor.conf',
  },
];

/** --allow-drop, for set and update (a reset goes back to upstream, so it drops only fork commits by design). */
export const ALLOW_DROP: OptionDecl<{ allowDrop: boolean }> = {
  flag: 'allow-drop',
  type: 'boolean',
  default: false,
  describe: 'Accept a move that drops commits of the current pin (a warning otherwise, refused under --strict)',
};

/** The dependency positional the three share. */
export function dependencyPositional(yargs: Argv<GlobalArgs>): Argv<GlobalArgs> {
  return yargs.positional('dependency', {
    type: 'string',
    demandOption: true,
    describe: 'Import path, short name (swarmkit, libnetwork, cli, ...) or last path element',
  }) as Argv<GlobalArgs>;
}

/** The edit's options object, from the parsed args: the table's mapping, plus what the CLI adds (progress, signals). */
export function editArgs(
  args: GlobalArgs & { dependency: string },
  context: CommandContext,
  onEvent: EditOptions['onEvent'],
): EditOptions {
  return {
    ...baseOptions(args, context),
    ...toOptions(EDIT_OPTIONS, args),
    dependency: args.dependency,
    ...(onEvent ? { onEvent } : {}),
    signals: process,
  };
}

/** set and reset print the same thing: the edit, as JSON or as a line with notes and warnings. */
export async function printEdit(result: EditResult, args: GlobalArgs, context: CommandContext): Promise<void> {
  if (args.json) {
    context.printJson(result);
    return;
  }
  const { renderEdit } = await import('../render/set.js');
  context.io.stdout.write(renderEdit(result, context.chalk));
}
