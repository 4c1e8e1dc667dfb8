import { ExitCode } from '../../errors.js';
import { baseOptions, type CommandSpec } from '../command.js';
import { toOptions, type OptionTable } from '../options.js';
import type { VerifyOptions } from '../../commands/verify.js';
import { plural } from '../../text/plural.js';

export interface VerifyArgs {
  dependencies?: string[];
  patch: boolean;
  jobs: number;
}

export const DEFAULT_VERIFY_JOBS = 8;

const VERIFY_OPTIONS: OptionTable<VerifyOptions> = [
  { flag: 'patch', type: 'boolean', default: false, describe: 'Show the diff of each modified file' },
  {
    flag: 'jobs',
    type: 'number',
    default: DEFAULT_VERIFY_JOBS,
    option: (jobs) => ({ concurrency: Math.max(1, Math.floor(Number(jobs))) }),
    describe: 'Entries verified at once (each mostly waits on one git process)',
  },
];

export const verifyCommand: CommandSpec<VerifyArgs> = {
  command: 'verify [dependencies..]',
  describe: 'Check that every vendored file is byte-identical to the pinned commit, and nothing was added',
  options: VERIFY_OPTIONS,
  builder: (yargs) =>
    yargs
      .positional('dependencies', {
        type: 'string',
        array: true,
        describe: 'Import paths or short names (default: every entry)',
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
      ...toOptions(VERIFY_OPTIONS, args),
      ...(args.dependencies ? { only: args.dependencies } : {}),
      // Progress on a terminal only: a counter on one line of stderr.
      ...(tty ? { onEntry: () => context.io.stderr.write(`\rverified ${plural(++done, 'entry', 'entries')}`) } : {}),
    });
    if (tty) context.io.stderr.write('\r\x1b[K');
    if (args.json) {
      context.printJson(result);
    } else {
      const lines: string[] = [];
      // A module file pins versions (a module's version, its replacement's); vendor.conf pins commits.
      const modules = result.file.endsWith('.mod');
      const unchecked = new Map<string, string[]>();
      for (const entry of result.entries) {
        if (entry.status === 'ok') continue;
        if (entry.status === 'unchecked') {
          // Grouped by the reason's words: with the network gone, a hundred entries share one line.
          unchecked.set(entry.error!, [...(unchecked.get(entry.error!) ?? []), entry.importPath]);
          continue;
        }
        lines.push(
          `${chalk.red('✗')} ${entry.importPath} differs from ${entry.repository}@${modules ? entry.ref : entry.sha!.slice(0, 12)}:`,
        );
        for (const f of entry.modified) lines.push(`    ${chalk.yellow('modified')} ${f}`);
        for (const f of entry.added) lines.push(`    ${chalk.yellow('added')}    ${f}`);
        for (const f of entry.missing) lines.push(`    ${chalk.yellow('missing')}  ${f}`);
        for (const patch of Object.values(entry.patches ?? {})) lines.push(patch.trimEnd());
      }
      for (const [reason, importPaths] of unchecked) {
        lines.push(`${chalk.yellow('?')} not checked, ${reason}: ${listed(importPaths)}`);
      }
      const { match, differ, unchecked: notChecked } = result.counts;
      const total = result.entries.length;
      const missing = result.entries.reduce((sum, entry) => sum + entry.missing.length, 0);
      lines.push(
        result.ok && missing === 0
          ? `${chalk.green('✓')} ${plural(total, modules ? 'module' : 'entry', modules ? 'modules' : 'entries')} of ${result.displayPath}: vendor/ matches the pinned ${modules ? 'versions' : 'commits'}`
          : `${result.displayPath}: ${plural(match, 'entry', 'entries')} ${match === 1 ? 'matches' : 'match'}, ${differ} ${differ === 1 ? 'differs' : 'differ'}${missing > 0 ? ` (${plural(missing, 'path')} missing)` : ''}, ${notChecked} not checked`,
      );
      context.io.stdout.write(lines.join('\n') + '\n');
    }
    // What differs is a finding; what could not be checked is neither a finding nor a pass.
    return result.counts.differ > 0
      ? ExitCode.Findings
      : result.counts.unchecked > 0
        ? ExitCode.Incomplete
        : ExitCode.Ok;
  },
};

/** The first names, and how many more: a hundred import paths on one line help nobody. */
function listed(importPaths: string[]): string {
  const shown = importPaths.slice(0, 5).join(', ');
  return importPaths.length > 5 ? `${shown} and ${importPaths.length - 5} more` : shown;
}
