import { baseOptions, GITHUB_URL, type CommandSpec } from '../command.js';
import { toOptions, type OptionTable } from '../options.js';
import type { DiffOptions } from '../../commands/diff.js';

const DIFF_OPTIONS: OptionTable<DiffOptions> = [
  GITHUB_URL,
  {
    flag: 'staged',
    type: 'boolean',
    default: false,
    describe: 'The index against HEAD (what the next commit changes)',
  },
  {
    flag: 'patch',
    type: 'boolean',
    default: false,
    option: null,
    describe: 'Add the textual diff of the file after the summary',
  },
  {
    flag: 'online',
    type: 'boolean',
    default: false,
    describe: 'Add GitHub compare links, commit counts and the first subjects',
  },
  {
    flag: 'format',
    type: 'choice',
    choices: ['text', 'json', 'markdown'],
    option: null,
    describe: 'Output format (default text; --json is json)',
  },
  {
    flag: 'exit-code',
    type: 'boolean',
    default: false,
    option: null,
    describe: 'Exit 1 when the file differs, like git diff --exit-code',
  },
  {
    flag: 'strict',
    type: 'boolean',
    default: false,
    option: null,
    describe: 'Exit 1 when a row carries a warning (a bump that a replace makes ineffective)',
  },
];

export interface DiffArgs {
  revisions?: string[];
  staged: boolean;
  patch: boolean;
  online: boolean;
  format?: 'text' | 'json' | 'markdown';
  exitCode: boolean;
  strict: boolean;
  githubUrl?: string;
}

export const diffCommand: CommandSpec<DiffArgs> = {
  command: 'diff [revisions..]',
  describe:
    'What changed in vendor.conf (or go.mod, vendor.mod), entry by entry, like git diff (working tree against HEAD by default)',
  options: DIFF_OPTIONS,
  builder: (yargs) =>
    yargs
      .positional('revisions', { type: 'string', array: true, describe: 'REV (against the working tree) or REV1 REV2' })
      .example('$0 diff', 'Uncommitted changes, staged or not')
      .example('$0 diff --staged --exit-code', 'What the next commit changes; exit 1 if anything')
      .example('$0 diff v20.10.0 master --online --format markdown', 'A pull-request section with compare links'),
  async run(args, context) {
    const { diff } = await import('../../commands/diff.js');
    const result = await diff({
      ...baseOptions(args, context),
      ...toOptions(DIFF_OPTIONS, args),
      revisions: args.revisions ?? [],
    });
    const format = args.json ? 'json' : (args.format ?? 'text');
    if (format === 'json') {
      context.printJson(result);
    } else {
      const { renderDiffMarkdown, renderDiffText } = await import('../render/diff.js');
      context.io.stdout.write(
        format === 'markdown'
          ? renderDiffMarkdown(result)
          : renderDiffText(result, context.chalk, { patch: args.patch }),
      );
    }
    if (args.strict && result.changes.some((c) => c.warning)) return 1;
    // Like git diff --exit-code: any difference counts, a comment-only edit too.
    return args.exitCode && result.textChanged ? 1 : 0;
  },
};
