import { UserError } from '../../errors.js';
import type { CommandSpec } from '../command.js';
import { toOptions } from '../options.js';
import { ALLOW_DROP, dependencyPositional, EDIT_OPTIONS, editArgs, printEdit, type EditArgs } from './edit-options.js';

export interface SetArgs extends EditArgs {
  spec?: string;
  allowDrop: boolean;
  '--'?: string[];
}

export const setCommand: CommandSpec<SetArgs> = {
  // [spec], not <spec>: yargs does not count what follows `--`, and a spec that starts with - must come after it.
  command: 'set <dependency> [spec]',
  describe:
    'Point a dependency at a fork (or a new ref), resolved on GitHub; rewrite its line (or replace) and re-vendor it',
  options: [...EDIT_OPTIONS, ALLOW_DROP],
  builder: (yargs) =>
    dependencyPositional(yargs)
      .positional('spec', {
        type: 'string',
        describe: 'OWNER/REPO@REF, OWNER/REPO, https://github.com/OWNER/REPO(.git)@REF, or @REF',
      })
      .example(
        '$0 set github.com/docker/swarmkit cirocosta/swarmkit@268f203',
        'Vendor swarmkit from a fork, at a commit',
      )
      .example('$0 set swarmkit @v1.12.0', 'New ref, same repository')
      .example(
        '$0 set libnetwork me/libnetwork@fix --comment "https://github.com/moby/libnetwork/pull/2000"',
        'A branch, pinned to its current SHA, with a note for reviewers',
      )
      .example('$0 set swarmkit me/swarmkit@fix --dry-run --no-vndr', 'Show the vendor.conf change only'),
  async run(args, context) {
    const spec = args.spec ?? args['--']?.[0];
    if (spec === undefined)
      throw new UserError(
        'set needs a fork spec after the dependency: OWNER/REPO@REF, OWNER/REPO, a GitHub URL or @REF',
      );
    const [{ set }, { makeProgress }] = await Promise.all([import('../../commands/set.js'), import('../progress.js')]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const result = await set({
      ...editArgs(args, context, progress.onEvent),
      ...toOptions([ALLOW_DROP], args),
      spec,
    }).finally(progress.stop);
    await printEdit(result, args, context);
    return 0;
  },
};
