import { baseOptions, type CommandSpec } from '../command.js';

export interface SyncArgs {
  base?: string;
  dryRun: boolean;
  vndr?: string;
  whitelist?: string[];
  verbose: boolean;
  allowFileUrls: boolean;
}

export const syncCommand: CommandSpec<SyncArgs> = {
  command: 'sync',
  describe: 'Refresh vendor/ for every entry that differs from git HEAD (after a hand edit of vendor.conf)',
  builder: (yargs) =>
    yargs
      .option('base', { type: 'string', describe: 'Compare with this revision instead of HEAD' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be refreshed; run nothing' })
      .option('vndr', { type: 'string', describe: 'The vndr to run (default: $VNDR, then PATH)' })
      .option('whitelist', { type: 'string', array: true, describe: 'vndr -whitelist regex, repeatable' })
      .option('verbose', { type: 'boolean', default: false, describe: "Show vndr's own log" })
      .option('allow-file-urls', {
        type: 'boolean',
        default: false,
        describe: 'Accept file:///path repositories in vendor.conf',
      })
      .example('$0 sync', 'vndr each entry whose ref or URL changed since HEAD')
      .example('$0 sync --base origin/master --dry-run', 'What a branch changed, without running vndr'),
  async run(args, context) {
    const [{ sync }, { makeProgress }] = await Promise.all([
      import('../../commands/sync.js'),
      import('../progress.js'),
    ]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const result = await sync({
      ...baseOptions(args, context),
      dryRun: args.dryRun,
      allowFileUrls: args.allowFileUrls,
      ...(args.base !== undefined ? { base: args.base } : {}),
      ...(args.vndr !== undefined ? { vndr: args.vndr } : {}),
      ...(args.whitelist ? { whitelist: args.whitelist } : {}),
      onEvent: progress.onEvent,
      signals: process,
    }).finally(progress.stop);
    if (args.json) {
      context.printJson(result);
      return 0;
    }
    const { chalk } = context;
    const lines = result.changes.map(
      (c) => `  ${c.change === 'removed' ? chalk.red(c.change) : chalk.cyan(c.change)} ${c.importPath}`,
    );
    if (result.changes.length === 0)
      lines.push(`${chalk.green('✓')} ${result.displayPath}: nothing changed since ${result.base}`);
    else if (result.dryRun)
      lines.unshift(
        `${result.displayPath}: ${result.changes.length} entr${result.changes.length === 1 ? 'y' : 'ies'} changed since ${result.base} (dry run: vndr not run)`,
      );
    else
      lines.unshift(
        `${chalk.green('✓')} ${result.displayPath}: refreshed vendor/ for ${result.changes.length} entr${result.changes.length === 1 ? 'y' : 'ies'} changed since ${result.base}`,
      );
    context.io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
