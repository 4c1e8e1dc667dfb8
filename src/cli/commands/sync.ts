import { baseOptions, GITHUB_URL, type CommandSpec } from '../command.js';
import { toOptions, type OptionTable } from '../options.js';
import type { SyncOptions } from '../../commands/sync.js';

const SYNC_OPTIONS: OptionTable<SyncOptions> = [
  GITHUB_URL,
  { flag: 'base', type: 'string', describe: 'Compare with this revision instead of HEAD' },
  { flag: 'dry-run', type: 'boolean', default: false, describe: 'List what would be refreshed; run nothing' },
  { flag: 'vndr', type: 'string', describe: 'The vndr to run (default: $VNDR, then PATH)' },
  { flag: 'whitelist', type: 'strings', describe: 'vndr -whitelist regex, repeatable' },
  { flag: 'verbose', type: 'boolean', default: false, option: null, describe: "Show vndr's own log" },
  {
    flag: 'allow-file-urls',
    type: 'boolean',
    default: false,
    describe: 'Accept file:///path repositories in vendor.conf',
  },
  {
    flag: 'offline',
    type: 'boolean',
    default: false,
    describe: "No GitHub: moves are judged only from git's copy of a network, if an earlier run left one",
  },
  {
    flag: 'strict',
    type: 'boolean',
    default: false,
    describe: 'Refuse a move that drops commits or moves a dependency’s own pins away from yours',
  },
  { flag: 'allow-drop', type: 'boolean', default: false, describe: 'Accept moves that drop commits' },
  {
    flag: 'allow-drift',
    type: 'boolean',
    default: false,
    describe: "Modules: accept an edit that changes other modules' versions in go's build list",
  },
];
import { plural } from '../../text/plural.js';

export interface SyncArgs {
  base?: string;
  dryRun: boolean;
  vndr?: string;
  whitelist?: string[];
  verbose: boolean;
  allowFileUrls: boolean;
  offline: boolean;
  strict: boolean;
  allowDrop: boolean;
  allowDrift: boolean;
  githubUrl?: string;
}

export const syncCommand: CommandSpec<SyncArgs> = {
  command: 'sync',
  describe:
    'Refresh vendor/ for every entry that differs from git HEAD (after a hand edit of vendor.conf, vendor.mod or go.mod)',
  options: SYNC_OPTIONS,
  builder: (yargs) =>
    yargs
      .example('$0 sync', 'Re-vendor what changed since HEAD: vndr per vendor.conf entry, or go mod vendor')
      .example('$0 sync --base origin/master --dry-run', 'What a branch changed, without running vndr'),
  async run(args, context) {
    const [{ sync }, { makeProgress }] = await Promise.all([
      import('../../commands/sync.js'),
      import('../progress.js'),
    ]);
    const progress = await makeProgress(context.io, context.chalk, { verbose: args.verbose });
    const result = await sync({
      ...baseOptions(args, context),
      ...toOptions(SYNC_OPTIONS, args),
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
    const count = plural(result.changes.length, 'entry', 'entries');
    if (result.changes.length === 0)
      lines.push(
        `${chalk.green('✓')} ${result.displayPath}: nothing changed since ${result.base}${result.vndr ? '; refreshed vendor/, which disagreed with it' : ''}`,
      );
    else if (result.dryRun)
      lines.unshift(`${result.displayPath}: ${count} changed since ${result.base} (dry run: nothing vendored)`);
    else
      lines.unshift(
        `${chalk.green('✓')} ${result.displayPath}: refreshed vendor/ for ${count} changed since ${result.base}`,
      );
    for (const note of result.notes) lines.push(`${chalk.dim('note:')} ${note}`);
    for (const warning of result.warnings) lines.push(`${chalk.yellow('warning:')} ${warning}`);
    context.io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
