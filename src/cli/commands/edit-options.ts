import type { Argv } from 'yargs';
import { baseOptions, withGithubUrl, type CommandContext, type GlobalArgs } from '../command.js';
import type { EditOptions, EditResult } from '../../manifest/edit.js';

/** The options set and reset share. */
export interface EditArgs {
  dependency: string;
  offline: boolean;
  keepRef: boolean;
  dryRun: boolean;
  /** A string, or false for --no-comment. */
  comment?: string | false;
  strict: boolean;
  allowDrift?: boolean;
  githubUrl?: string;
  /** --vndr PATH, or false for --no-vndr. */
  vndr?: string | false;
  whitelist?: string[];
  verbose: boolean;
  allowFileUrls: boolean;
  build?: boolean;
}

export function editOptions(yargs: Argv<GlobalArgs>): Argv<GlobalArgs> {
  return withGithubUrl(yargs)
    .positional('dependency', {
      type: 'string',
      demandOption: true,
      describe: 'Import path, short name (swarmkit, libnetwork, cli, ...) or last path element',
    })
    .option('offline', { type: 'boolean', default: false, describe: 'No network: the ref must be a full SHA' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the change to the manifest, write nothing' })
    .option('comment', {
      type: 'string',
      describe: 'Set the inline comment, e.g. the upstream pull request; --no-comment removes it',
    })
    .option('keep-ref', {
      type: 'boolean',
      default: false,
      describe: 'Write the ref as typed (a short SHA or a branch) after checking it',
    })
    .option('strict', {
      type: 'boolean',
      default: false,
      describe:
        "Refuse a fork outside the upstream network, a move that drops commits, a dependency whose own pins differ from yours, and (modules) a move that changes other modules' versions",
    })
    .option('allow-drift', {
      type: 'boolean',
      default: false,
      describe:
        "Modules: accept a move that changes other modules' versions in go's build list (a warning otherwise, refused under --strict)",
    })
    .option('vndr', {
      type: 'string',
      describe:
        'The vndr to run (default: $VNDR, then PATH); --no-vndr only rewrites the manifest (no vndr, no go mod vendor)',
    })
    .option('whitelist', {
      type: 'string',
      array: true,
      describe: "vndr -whitelist regex, repeatable (moby: '^archive[/\\\\]tar')",
    })
    .option('verbose', { type: 'boolean', default: false, describe: "Show vndr's own log" })
    .option('build', {
      type: 'boolean',
      default: false,
      describe:
        'Prove it compiles: go build the dependency and its importers before and after; a new failure puts everything back (exit 1)',
    })
    .option('allow-file-urls', {
      type: 'boolean',
      default: false,
      describe: 'Accept file:///path repositories (local mirrors), in the spec and in vendor.conf',
    }) as Argv<GlobalArgs>;
}

export function editArgs(
  args: GlobalArgs & EditArgs,
  context: CommandContext,
  onEvent: EditOptions['onEvent'],
): EditOptions {
  return {
    ...baseOptions(args, context),
    dependency: args.dependency,
    offline: args.offline,
    keepRef: args.keepRef,
    dryRun: args.dryRun,
    strict: args.strict,
    ...(args.allowDrift ? { allowDrift: true } : {}),
    allowFileUrls: args.allowFileUrls,
    ...(args.build ? { build: true } : {}),
    ...(args.comment === false ? { comment: null } : args.comment !== undefined ? { comment: args.comment } : {}),
    ...(args.vndr === false ? { noVndr: true } : args.vndr !== undefined ? { vndr: args.vndr } : {}),
    ...(args.whitelist ? { whitelist: args.whitelist } : {}),
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
