import { baseOptions, withGithubUrl, type CommandSpec } from '../command.js';

export interface StatusArgs {
  all: boolean;
  githubUrl?: string;
}

export const statusCommand: CommandSpec<StatusArgs> = {
  command: ['status', 'forks'],
  describe: 'How far each fork has drifted: ahead/behind upstream, still reachable, merged upstream yet?',
  builder: (yargs) =>
    withGithubUrl(yargs)
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'Include non-fork entries, with any newer upstream tag',
      })
      .example('$0 status', 'One row per fork entry, with a verdict')
      .example('$0 forks --all --json', 'Every entry, as JSON'),
  async run(args, context) {
    const { status } = await import('../../commands/status.js');
    const result = await status({
      ...baseOptions(args, context),
      all: args.all,
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
