// Values from command.ts are safe on the fast path: it imports only types from yargs.
import { baseOptions, GITHUB_URL, type CommandSpec } from '../command.js';
import { toOptions, type OptionTable } from '../options.js';
import type { CheckOptions } from '../../commands/check.js';

const CHECK_OPTIONS: OptionTable<CheckOptions> = [
  GITHUB_URL,
  { flag: 'strict', type: 'boolean', default: false, describe: 'Fail on warnings too' },
  {
    flag: 'staged',
    type: 'boolean',
    describe: 'Check what the next commit records (the git index), and vendor/ against it: the pre-commit check',
  },
  {
    flag: 'allow-vendor-edits',
    type: 'boolean',
    describe: 'With --staged: hand edits under vendor/ are warnings, not errors',
  },
  {
    flag: 'online',
    type: 'boolean',
    // The network dominates; the fast path is for the hook's offline check.
    fast: false,
    describe: 'Also ask GitHub: forks exist, refs name commits, forks share the upstream network',
  },
];

export const checkCommand: CommandSpec<{
  strict: boolean;
  online?: boolean;
  githubUrl?: string;
  staged?: boolean;
  allowVendorEdits?: boolean;
}> = {
  command: 'check',
  describe:
    'Validate vendor.conf, vendor.mod or go.mod: what vndr or go would reject (errors) and likely mistakes (warnings)',
  options: CHECK_OPTIONS,
  builder: (yargs) =>
    yargs
      .example('$0 check', 'Check the vendor.conf found from the current directory up to the git root')
      .example('$0 check --strict --json', 'Fail on warnings as well, and print the result as JSON')
      .example('$0 check --staged', 'The pre-commit check: the staged vendor.conf, and vendor/ staged with it')
      .example('GITHUB_TOKEN=... $0 check --online', 'Check every fork entry on GitHub, in one GraphQL request'),
  async run(args, context) {
    const { check } = await import('../../commands/check.js');
    const result = await check({
      ...baseOptions(args, context),
      ...toOptions(CHECK_OPTIONS, args),
      onNote: (line) => context.io.stderr.write(`note: ${line}\n`),
    });
    if (args.json) {
      context.printJson(result);
    } else {
      const { renderCheck } = await import('../render/check.js');
      context.io.stdout.write(renderCheck(result, context.chalk));
    }
    return result.ok ? 0 : 1;
  },
};
