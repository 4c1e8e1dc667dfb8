import type { CommandSpec } from '../command.js';
import { editArgs, editOptions, printEdit, type EditArgs } from './edit-options.js';

export interface ResetArgs extends EditArgs {
  ref?: string;
}

export const resetCommand: CommandSpec<ResetArgs> = {
  command: 'reset <dependency> [ref]',
  describe: 'Point a dependency back at upstream (drop the fork), at REF or at the commit the fork was based on',
  builder: (yargs) =>
    editOptions(yargs)
      .positional('ref', {
        type: 'string',
        describe: 'Upstream SHA, tag or branch (default: where the fork left upstream)',
      })
      .example(
        '$0 reset swarmkit',
        "Back to upstream, at the commit the fork was based on (or the fork's commit, once merged)",
      )
      .example('$0 reset swarmkit v1.12.0', 'Back to upstream, at a tag'),
  async run(args, context) {
    const [{ reset }, { makeProgress }] = await Promise.all([
      import('../../commands/reset.js'),
      import('../progress.js'),
    ]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const result = await reset({
      ...editArgs(args, context, progress.onEvent),
      ...(args.ref !== undefined ? { ref: args.ref } : {}),
    }).finally(progress.stop);
    await printEdit(result, args, context);
    return 0;
  },
};
