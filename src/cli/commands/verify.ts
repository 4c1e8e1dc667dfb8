import { baseOptions, type CommandSpec } from '../command.js';
import { plural } from '../../text/plural.js';

export interface VerifyArgs {
  dependencies?: string[];
  patch: boolean;
  jobs: number;
}

export const DEFAULT_VERIFY_JOBS = 8;

export const verifyCommand: CommandSpec<VerifyArgs> = {
  command: 'verify [dependencies..]',
  describe: 'Check that every vendored file is byte-identical to the pinned commit, and nothing was added',
  builder: (yargs) =>
    yargs
      .positional('dependencies', {
        type: 'string',
        array: true,
        describe: 'Import paths or short names (default: every entry)',
      })
      .option('patch', { type: 'boolean', default: false, describe: 'Show the diff of each modified file' })
      .option('jobs', {
        type: 'number',
        default: DEFAULT_VERIFY_JOBS,
        describe: 'Entries verified at once (each mostly waits on one git process)',
      })
      .example('$0 verify', 'Every entry; clones are cached, so a second run only hashes')
      .example('$0 verify github.com/docker/swarmkit --patch', 'One entry, with the diff of what was edited by hand'),
  async run(args, context) {
    const { verify } = await import('../../commands/verify.js');
    const { chalk } = context;
    const tty = context.io.stderr.isTTY === true && !args.json;
    let done = 0;
    const result = await verify({
      ...baseOptions(args, context),
      patch: args.patch,
      concurrency: Math.max(1, Math.floor(args.jobs)),
      ...(args.dependencies ? { only: args.dependencies } : {}),
      // Progress on a terminal only: a counter on one line of stderr.
      ...(tty ? { onEntry: () => context.io.stderr.write(`\rverified ${plural(++done, 'entry', 'entries')}`) } : {}),
    });
    if (tty) context.io.stderr.write('\r\x1b[K');
    if (args.json) {
      context.printJson(result);
    } else {
      const lines: string[] = [];
      for (const entry of result.entries) {
        if (entry.status === 'ok') continue;
        if (entry.status === 'error') {
          lines.push(`${chalk.red('✗')} ${entry.importPath}: ${entry.error}`);
          continue;
        }
        lines.push(
          `${chalk.red('✗')} ${entry.importPath} differs from ${entry.repository}@${entry.sha!.slice(0, 12)}:`,
        );
        for (const f of entry.modified) lines.push(`    ${chalk.yellow('modified')} ${f}`);
        for (const f of entry.added) lines.push(`    ${chalk.yellow('added')}    ${f}`);
        for (const patch of Object.values(entry.patches ?? {})) lines.push(patch.trimEnd());
      }
      const bad = result.entries.filter((e) => e.status !== 'ok').length;
      lines.push(
        bad === 0
          ? `${chalk.green('✓')} ${plural(result.entries.length, 'entry', 'entries')} of ${result.displayPath}: vendor/ matches the pinned commits`
          : `${bad} of ${plural(result.entries.length, 'entry', 'entries')} of ${result.displayPath} ${bad === 1 ? 'does' : 'do'} not match`,
      );
      context.io.stdout.write(lines.join('\n') + '\n');
    }
    return result.ok ? 0 : 1;
  },
};
