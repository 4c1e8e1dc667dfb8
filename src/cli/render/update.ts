import type { ChalkInstance } from 'chalk';
import type { UpdateAllResult, UpdateResult } from '../../commands/update.js';
import { fullName } from '../../resolve/fork-spec.js';
import { renderEdit } from './set.js';

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
