import { UserError } from '../../errors.js';
import type { CommandSpec } from '../command.js';
import { toOptions } from '../options.js';
import { ALLOW_DROP, EDIT_OPTIONS, editArgs, printEdit, type EditArgs } from './edit-options.js';

export interface UpdateArgs extends Omit<EditArgs, 'dependency'> {
  dependency?: string;
  branch?: string;
  all: boolean;
  allowDrop: boolean;
}

export const updateCommand: CommandSpec<UpdateArgs> = {
  command: 'update [dependency] [branch]',
  describe: 'Move a fork pin to the head of the fork branch it came from, judged and re-vendored as set does',
  options: [
    ...EDIT_OPTIONS,
    {
      flag: 'all',
      type: 'boolean',
      default: false,
      // A fast-path edit names its dependency; --all finds them.
      fast: false,
      option: null,
      describe: 'Every fork pin of the manifest, one by one',
    },
    ALLOW_DROP,
  ],
  builder: (yargs) =>
    yargs
      .positional('dependency', {
        type: 'string',
        demandOption: false,
        describe: 'Import path, short name or last path element of a fork entry (or --all)',
      })
      .positional('branch', {
        type: 'string',
        describe: "The fork's branch to follow (default: the one branch of the fork that holds the pinned commit)",
      })
      .example('$0 update swarmkit', "swarmkit's fork pin to the head of the one fork branch that holds it")
      .example('$0 update swarmkit fix', "The head of the fork's branch fix")
      .example('$0 update --all --dry-run', 'What updating every fork pin would write'),
  async run(args, context) {
    if (args.all && (args.dependency !== undefined || args.branch !== undefined))
      throw new UserError('update --all updates every fork pin: drop the dependency, or drop --all');
    if (!args.all && args.dependency === undefined)
      throw new UserError('update needs a dependency (a fork entry), or --all for every fork pin');
    const [{ update, updateAll }, { makeProgress }] = await Promise.all([
      import('../../commands/update.js'),
      import('../progress.js'),
    ]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const options = {
      ...editArgs({ ...args, dependency: args.dependency ?? '' }, context, progress.onEvent),
      ...toOptions([ALLOW_DROP], args),
    };
    if (!args.all) {
      const result = await update({
        ...options,
        ...(args.branch !== undefined ? { branch: args.branch } : {}),
      }).finally(progress.stop);
      if (args.json) context.printJson(result);
      else if (result.current) {
        const { renderCurrent } = await import('../render/update.js');
        context.io.stdout.write(renderCurrent(result, context.chalk));
      } else await printEdit(result, args, context);
      return 0;
    }
    const { dependency: _dependency, ...allOptions } = options;
    const result = await updateAll(allOptions).finally(progress.stop);
    if (args.json) context.printJson(result);
    else {
      const { renderUpdateAll } = await import('../render/update.js');
      context.io.stdout.write(renderUpdateAll(result, context.chalk));
    }
    return result.skipped.length > 0 ? 1 : 0;
  },
};
