import { baseOptions, GITHUB_URL, type CommandSpec } from '../command.js';
import { toOptions, type OptionTable } from '../options.js';
import type { StatusOptions } from '../../commands/status.js';

const STATUS_OPTIONS: OptionTable<StatusOptions> = [
  GITHUB_URL,
  { flag: 'all', type: 'boolean', default: false, describe: 'Include non-fork entries, with any newer upstream tag' },
];

export interface StatusArgs {
  all: boolean;
  githubUrl?: string;
}

export const statusCommand: CommandSpec<StatusArgs> = {
  command: ['status', 'forks'],
  describe: 'How far each fork has drifted: ahead/behind upstream, still reachable, merged upstream yet?',
  options: STATUS_OPTIONS,
  builder: (yargs) =>
    yargs
      .example('$0 status', 'One row per fork entry, with a verdict')
      .example('$0 forks --all --json', 'Every entry, as JSON'),
  async run(args, context) {
    const { status } = await import('../../commands/status.js');
    const result = await status({
      ...baseOptions(args, context),
      ...toOptions(STATUS_OPTIONS, args),
    });
    if (args.json) {
      context.printJson(result);
    } else {
      const { renderStatus } = await import('../render/status.js');
      context.io.stdout.write(renderStatus(result, context.chalk, { table: context.io.stdout.isTTY === true }));
    }
    // Like check: an unreachable pin or a missing fork is a finding.
    return result.rows.some((r) => r.verdict === 'unreachable' || r.verdict === 'missing') ? 1 : 0;
  },
};
