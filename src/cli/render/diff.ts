import type { ChalkInstance } from 'chalk';
import type { DiffResult } from '../../commands/diff.js';
import { githubRepositoryOfUrl } from '../../manifest/import-path.js';
import { colourPatch } from './set.js';
import { shortRef } from './refs.js';
import { plural } from '../../text/plural.js';
import { judgeMove } from '../../resolve/move.js';
import { CHANGE_ORDER, type ChangeKind, type EntrySide } from '../../manifest/entry-diff.js';

const HEADINGS: Record<ChangeKind, string> = {
  forked: 'Moved to a fork',
  'fork-changed': 'Fork changed',
  unforked: 'Back to upstream',
  ref: 'Ref changed',
  renamed: 'Renamed',
  added: 'Added',
  removed: 'Removed',
};

const where = (side: EntrySide) =>
  side.repository ? ` via ${githubRepositoryOfUrl(side.repository) ?? side.repository}` : '';

function describe(change: DiffResult['changes'][number]): string {
  const { old, new: now } = change;
  if (change.kind === 'added') return `${shortRef(now!.ref)}${where(now!)}`;
  if (change.kind === 'removed') return `${shortRef(old!.ref)}${where(old!)}`;
  if (change.kind === 'renamed') return `from ${old!.importPath} (${shortRef(now!.ref)}${where(now!)})`;
  return `${shortRef(old!.ref)}${where(old!)} → ${shortRef(now!.ref)}${where(now!)}`;
}

export function renderDiffText(result: DiffResult, chalk: ChalkInstance, options: { patch: boolean }): string {
  const lines: string[] = [];
  const count = result.changes.length;
  const sides = `${result.from} → ${result.to}`;
  if (count === 0) {
    lines.push(
      result.textChanged
        ? `${result.displayPath}: no entry changed (${sides}); comments or layout only`
        : `${result.displayPath}: no change (${sides})`,
    );
  } else {
    lines.push(`${chalk.bold(result.displayPath)}: ${count} entr${count === 1 ? 'y' : 'ies'} changed (${sides})`);
  }
  const colour: Record<ChangeKind, (text: string) => string> = {
    forked: chalk.magenta,
    'fork-changed': chalk.magenta,
    unforked: chalk.blue,
    ref: chalk.cyan,
    renamed: chalk.yellow,
    added: chalk.green,
    removed: chalk.red,
  };
  const width = Math.max(0, ...result.changes.map((c) => c.importPath.length));
  for (const kind of CHANGE_ORDER) {
    const rows = result.changes.filter((c) => c.kind === kind);
    if (rows.length === 0) continue;
    lines.push('', colour[kind](HEADINGS[kind]));
    for (const row of rows) {
      lines.push(`  ${row.importPath.padEnd(width)}  ${describe(row)}`);
      if (row.online) {
        const count = row.online.commits === undefined ? '' : ` (${plural(row.online.commits, 'commit')})`;
        lines.push(`  ${' '.repeat(width)}  ${chalk.dim(row.online.compareUrl)}${count}`);
        for (const subject of row.online.subjects ?? [])
          lines.push(`  ${' '.repeat(width)}    ${chalk.dim('·')} ${subject}`);
        if (row.online.unavailable) lines.push(`  ${' '.repeat(width)}  ${chalk.yellow(row.online.unavailable)}`);
      }
      for (const warning of [...(row.warning ? [row.warning.message] : []), ...moveWarnings(row, result.file)])
        lines.push(`  ${' '.repeat(width)}  ${chalk.yellow('⚠')} ${warning}`);
    }
  }
  if (options.patch && result.patch) lines.push('', colourPatch(result.patch, chalk).trimEnd());
  return lines.join('\n') + '\n';
}

/** A pull-request section, ready to paste: one table row per change, compare links where known. */
export function renderDiffMarkdown(result: DiffResult): string {
  if (result.changes.length === 0) return `No dependency changed in \`${result.displayPath}\`.\n`;
  const lines = [
    `### Changes to \`${result.displayPath}\``,
    '',
    '| Dependency | Change | From | To |',
    '| --- | --- | --- | --- |',
  ];
  const cell = (side: EntrySide | undefined) => {
    if (!side) return '';
    const repo = side.repository ? githubRepositoryOfUrl(side.repository) : undefined;
    return `\`${shortRef(side.ref)}\`${side.repository ? ` (${repo ? `[${repo}](https://github.com/${repo})` : `\`${side.repository}\``})` : ''}`;
  };
  for (const change of result.changes) {
    const what =
      change.kind === 'renamed' ? `renamed from \`${change.old!.importPath}\`` : HEADINGS[change.kind].toLowerCase();
    const link = change.online?.compareUrl
      ? ` ([${change.online.commits === undefined ? 'compare' : plural(change.online.commits, 'commit')}](${change.online.compareUrl}))`
      : '';
    // A bump a replace makes ineffective is said in its own row, where a reviewer of a bot's pull request looks.
    const warning = change.warning ? `<br>⚠ **${change.warning.code}**: ${markdownCell(change.warning.message)}` : '';
    lines.push(`| \`${change.importPath}\` | ${what}${link}${warning} | ${cell(change.old)} | ${cell(change.new)} |`);
  }
  const risky = result.changes.flatMap((c) =>
    moveWarnings(c, result.file).map((warning) => `- \`${c.importPath}\`: ${warning}`),
  );
  if (risky.length > 0) lines.push('', '#### What the moves drop or change underneath', '', ...risky);
  const compares = result.changes.filter((c) => c.online?.compareUrl);
  if (compares.length > 0) {
    lines.push('');
    for (const change of compares) lines.push(`- \`${change.importPath}\` full diff: ${change.online!.compareUrl}`);
  }
  return lines.join('\n') + '\n';
}

/** Text as one table cell: a pipe would end it. */
function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A row's move, in the words set uses: what it drops, and the pins underneath that move away from the project's. */
function moveWarnings(change: DiffResult['changes'][number], file: string): string[] {
  return judgeMove(change.importPath, change.move, { confName: file.split(/[\\/]/).pop()! }).warnings;
}
