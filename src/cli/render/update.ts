import type { ChalkInstance } from 'chalk';
import type { ResetMergedResult } from '../../commands/reset.js';
import type { UpdateAllResult, UpdateResult } from '../../commands/update.js';
import { fullName } from '../../resolve/fork-spec.js';
import { colourPatch, renderEdit } from './set.js';

/** Nothing moved: the branch's head is the commit already pinned. */
export function renderCurrent(result: UpdateResult, chalk: ChalkInstance): string {
  const lines = [
    `${chalk.green('✓')} ${result.displayPath}:${result.after.line}: ${result.importPath} is already current: ${fullName(result.pin.repository)}'s ${result.branch} is at ${result.from.slice(0, 12)}`,
  ];
  for (const note of result.notes) lines.push(`${chalk.dim('note:')} ${note}`);
  for (const warning of result.warnings) lines.push(`${chalk.yellow('warning:')} ${warning}`);
  return lines.join('\n') + '\n';
}

export function renderUpdateAll(result: UpdateAllResult, chalk: ChalkInstance): string {
  let text = '';
  for (const updated of result.updated)
    text += updated.current ? renderCurrent(updated, chalk) : renderEdit(updated, chalk);
  for (const skipped of result.skipped) text += `${chalk.yellow('skipped:')} ${skipped.reason}\n`;
  if (result.updated.length === 0 && result.skipped.length === 0) text += 'no entry points at a fork\n';
  return text;
}

/** reset --merged: each pin dropped, as reset prints one (the shared patch once, with --dry-run), then what was kept and why. */
export function renderResetMerged(result: ResetMergedResult, chalk: ChalkInstance): string {
  let text = '';
  for (const edit of result.reset) text += renderEdit({ ...edit, dryRun: false }, chalk);
  const first = result.reset[0];
  if (result.dryRun && first?.changed)
    text += `${colourPatch(first.patch, chalk).trimEnd()}\n${chalk.dim('dry run: nothing written')}\n`;
  for (const kept of result.kept) text += `${chalk.dim('kept:')} ${kept.importPath}: ${kept.reason}\n`;
  if (!first)
    text += `${result.displayPath}: no fork pin has all its commits in upstream's default branch: nothing to reset\n`;
  return text;
}
