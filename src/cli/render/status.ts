import type { ChalkInstance } from 'chalk';
import type { StatusResult, StatusRow, Verdict } from '../../commands/status.js';
import { shortRef } from './refs.js';

const VERDICTS: Record<Verdict, string> = {
  'merged-upstream': 'merged upstream',
  'fork-ahead': 'fork ahead',
  unreachable: 'UNREACHABLE',
  missing: 'missing',
  upstream: 'upstream',
  'newer-tag': 'newer tag',
  'not-github': 'n/a',
};

function cells(row: StatusRow): string[] {
  const drift = row.aheadBy === undefined ? 'n/a' : `+${row.aheadBy} -${row.behindBy}`;
  const reach = row.reachable === undefined ? 'n/a' : row.reachable ? 'yes' : 'NO';
  return [
    row.importPath,
    row.fork ?? '-',
    shortRef(row.ref),
    drift,
    reach,
    VERDICTS[row.verdict] + (row.newerTag ? ` ${row.newerTag}` : ''),
  ];
}

/** A table on a terminal; one line per entry, tab-free and greppable, elsewhere. */
export function renderStatus(result: StatusResult, chalk: ChalkInstance, options: { table: boolean }): string {
  if (result.rows.length === 0) return `${result.displayPath}: no entry points at a fork\n`;
  const colour = (verdict: Verdict) =>
    verdict === 'unreachable' || verdict === 'missing'
      ? chalk.red
      : verdict === 'merged-upstream' || verdict === 'newer-tag'
        ? chalk.yellow
        : (text: string) => text;
  const lines: string[] = [];
  if (options.table) {
    const header = ['DEPENDENCY', 'FORK', 'PINNED', 'AHEAD/BEHIND', 'REACHABLE', 'VERDICT'];
    const table = [header, ...result.rows.map(cells)];
    const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    table.forEach((row, index) => {
      const text = row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
      lines.push(index === 0 ? chalk.bold(text) : colour(result.rows[index - 1]!.verdict)(text));
    });
  } else {
    for (const row of result.rows)
      lines.push(colour(row.verdict)(`${result.displayPath}:${row.line}: ${cells(row).join(' ')}`));
  }
  const notes = result.rows.filter((r) => r.detail || r.advice);
  if (notes.length > 0) lines.push('');
  for (const row of notes) {
    lines.push(
      `${row.importPath}: ${row.detail ?? ''}${row.advice ? `${row.detail ? '; ' : ''}run ${chalk.bold(row.advice)}` : ''}`,
    );
  }
  if (result.notes.length > 0) lines.push('');
  for (const note of result.notes) lines.push(`${chalk.dim('note:')} ${note}`);
  return lines.join('\n') + '\n';
}
