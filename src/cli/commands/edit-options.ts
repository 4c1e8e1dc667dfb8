import type { Argv } from 'yargs';
import type { EditOptions } from '../../commands/pin-edit.js';
import type { CommandContext, GlobalArgs } from '../command.js';

/** The options set and reset share. */
export interface EditArgs {
  dependency: string;
  offline: boolean;
  keepRef: boolean;
  dryRun: boolean;
  /** A string, or false for --no-comment. */
  comment?: string | false;
  strict: boolean;
  githubUrl?: string;
  /** --vndr PATH, or false for --no-vndr. */
  vndr?: string | false;
  whitelist?: string[];
  verbose: boolean;
  allowFileUrls: boolean;
}

export function editOptions(yargs: Argv<GlobalArgs>): Argv<GlobalArgs> {
  return yargs
    .positional('dependency', {
      type: 'string',
      demandOption: true,
      describe: 'Import path, short name (swarmkit, libnetwork, cli, ...) or last path element',
    })
    .option('offline', { type: 'boolean', default: false, describe: 'No network: the ref must be a full SHA' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the change to vendor.conf, write nothing' })
    .option('comment', {
      type: 'string',
      describe: 'Set the inline comment, e.g. the upstream pull request; --no-comment removes it',
    })
    .option('keep-ref', {
      type: 'boolean',
      default: false,
      describe: 'Write the ref as typed (a short SHA or a branch) after checking it',
    })
    .option('strict', { type: 'boolean', default: false, describe: 'Refuse a fork outside the upstream network' })
    .option('github-url', {
      type: 'string',
      describe: 'GitHub Enterprise URL (default: $GITHUB_API_URL or github.com)',
    })
    .option('vndr', {
      type: 'string',
      describe: 'The vndr to run (default: $VNDR, then PATH); --no-vndr only rewrites vendor.conf',
    })
    .option('whitelist', {
      type: 'string',
      array: true,
      describe: "vndr -whitelist regex, repeatable (moby: '^archive[/\\\\]tar')",
    })
    .option('verbose', { type: 'boolean', default: false, describe: "Show vndr's own log" })
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
    cwd: context.io.cwd,
    env: context.io.env,
    dependency: args.dependency,
    offline: args.offline,
    keepRef: args.keepRef,
    dryRun: args.dryRun,
    strict: args.strict,
    allowFileUrls: args.allowFileUrls,
    ...(args.file !== undefined ? { file: args.file } : {}),
    ...(args.comment === false ? { comment: null } : args.comment !== undefined ? { comment: args.comment } : {}),
    ...(args.githubUrl !== undefined ? { githubUrl: args.githubUrl } : {}),
    ...(args.vndr === false ? { noVndr: true } : args.vndr !== undefined ? { vndr: args.vndr } : {}),
    ...(args.whitelist ? { whitelist: args.whitelist } : {}),
    ...(onEvent ? { onEvent } : {}),
    signals: process,
  };
}
