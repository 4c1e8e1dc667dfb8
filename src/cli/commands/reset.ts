import { UserError } from '../../errors.js';
import type { CommandSpec } from '../command.js';
import { EDIT_OPTIONS, editArgs, printEdit, type EditArgs } from './edit-options.js';

export interface ResetArgs extends Omit<EditArgs, 'dependency'> {
  dependency?: string;
  ref?: string;
  merged: boolean;
}

export const resetCommand: CommandSpec<ResetArgs> = {
  command: 'reset [dependency] [ref]',
  describe: 'Point a dependency back at upstream (drop the fork), at REF or at the commit the fork was based on',
  options: [
    ...EDIT_OPTIONS,
    {
      flag: 'merged',
      type: 'boolean',
      default: false,
      // A fast-path edit names its dependency; --merged finds them.
      fast: false,
      option: null,
      describe:
        "Every fork pin whose commits upstream's default branch has, in one transaction (at the first release that has them, else at the commit)",
    },
  ],
  builder: (yargs) =>
    yargs
      .positional('dependency', {
        type: 'string',
        demandOption: false,
        describe: 'Import path, short name (swarmkit, libnetwork, cli, ...) or last path element (or --merged)',
      })
      .positional('ref', {
        type: 'string',
        describe: 'Upstream SHA, tag or branch (default: where the fork left upstream)',
      })
      .example(
        '$0 reset swarmkit',
        "Back to upstream, at the commit the fork was based on (or the fork's commit, once merged)",
      )
      .example('$0 reset swarmkit v1.12.0', 'Back to upstream, at a tag')
      .example('$0 reset --merged', 'Drop every fork upstream has merged (vendorfork status says which)'),
  async run(args, context) {
    if (args.merged && (args.dependency !== undefined || args.ref !== undefined))
      throw new UserError('reset --merged finds the fork pins itself: drop the dependency, or drop --merged');
    if (!args.merged && args.dependency === undefined)
      throw new UserError('reset needs a dependency, or --merged for every fork pin upstream has merged');
    const [{ reset, resetMerged }, { makeProgress }] = await Promise.all([
      import('../../commands/reset.js'),
      import('../progress.js'),
    ]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const options = editArgs({ ...args, dependency: args.dependency ?? '' }, context, progress.onEvent);
    if (args.merged) {
      const { dependency: _dependency, ...rest } = options;
      const result = await resetMerged(rest).finally(progress.stop);
      if (args.json) context.printJson(result);
      else {
        const { renderResetMerged } = await import('../render/update.js');
        context.io.stdout.write(renderResetMerged(result, context.chalk));
      }
      return 0;
    }
    const result = await reset({
      ...options,
      ...(args.ref !== undefined ? { ref: args.ref } : {}),
    }).finally(progress.stop);
    await printEdit(result, args, context);
    return 0;
  },
};
