import { UserError } from '../../errors.js';
import type { CommandSpec } from '../command.js';

export interface SetArgs {
  dependency: string;
  spec?: string;
  '--'?: string[];
  offline: boolean;
  keepRef: boolean;
  dryRun: boolean;
  comment?: string;
  strict: boolean;
  githubUrl?: string;
  /** --vndr PATH, or false for --no-vndr. */
  vndr?: string | false;
  whitelist?: string[];
  verbose: boolean;
}

export const setCommand: CommandSpec<SetArgs> = {
  // [spec], not <spec>: yargs does not count what follows `--`, and a spec that starts with - must come after it.
  command: 'set <dependency> [spec]',
  describe: 'Point a dependency at a fork (or a new ref), resolved on GitHub, and rewrite its vendor.conf line',
  builder: (yargs) =>
    yargs
      .positional('dependency', {
        type: 'string',
        demandOption: true,
        describe: 'Import path, short name (swarmkit, libnetwork, cli, ...) or last path element',
      })
      .positional('spec', {
        type: 'string',
        describe: 'OWNER/REPO@REF, OWNER/REPO, https://github.com/OWNER/REPO(.git)@REF, or @REF',
      })
      .option('offline', { type: 'boolean', default: false, describe: 'No network: the ref must be a full SHA' })
      .option('keep-ref', {
        type: 'boolean',
        default: false,
        describe: 'Write the ref as typed (a short SHA or a branch) after checking it',
      })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe: 'Print the change to vendor.conf, write nothing',
      })
      .option('comment', { type: 'string', describe: 'Set the inline comment, e.g. the upstream pull request' })
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
        describe: "vndr -whitelist regex, repeatable (moby: '^archive[/\\]tar')",
      })
      .option('verbose', { type: 'boolean', default: false, describe: "Show vndr's own log" })
      .example(
        '$0 set github.com/docker/swarmkit cirocosta/swarmkit@268f203',
        'Vendor swarmkit from a fork, at a commit',
      )
      .example('$0 set swarmkit @v1.12.0', 'New ref, same repository')
      .example(
        '$0 set libnetwork me/libnetwork@fix --comment "https://github.com/moby/libnetwork/pull/2000"',
        'A branch, pinned to its current SHA, with a note for reviewers',
      ),
  async run(args, context) {
    const spec = args.spec ?? args['--']?.[0];
    if (spec === undefined)
      throw new UserError(
        'set needs a fork spec after the dependency: OWNER/REPO@REF, OWNER/REPO, a GitHub URL or @REF',
      );
    const { set } = await import('../../commands/set.js');
    const { makeProgress } = await import('../progress.js');
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const result = await set({
      cwd: context.io.cwd,
      env: context.io.env,
      dependency: args.dependency,
      spec,
      offline: args.offline,
      keepRef: args.keepRef,
      dryRun: args.dryRun,
      strict: args.strict,
      ...(args.file !== undefined ? { file: args.file } : {}),
      ...(args.comment !== undefined ? { comment: args.comment } : {}),
      ...(args.githubUrl !== undefined ? { githubUrl: args.githubUrl } : {}),
      ...(args.vndr === false ? { noVndr: true } : args.vndr !== undefined ? { vndr: args.vndr } : {}),
      ...(args.whitelist ? { whitelist: args.whitelist } : {}),
      onEvent: progress.onEvent,
      signals: process,
    }).finally(progress.stop);
    if (args.json) {
      context.printJson(result);
    } else {
      const { renderSet } = await import('../render/set.js');
      context.io.stdout.write(renderSet(result, context.chalk));
    }
    return 0;
  },
};
