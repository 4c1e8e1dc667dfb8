import type { ChalkInstance } from 'chalk';
import { fullName } from '../../resolve/fork-spec.js';
import { shortRef } from './refs.js';
import { plural } from '../../text/plural.js';
import type { EditResult } from '../../manifest/edit.js';

export function renderEdit(result: EditResult, chalk: ChalkInstance): string {
  const lines: string[] = [];
  const { pin, after, before } = result;
  const now = pin.repositoryUrl
    ? `${shortRef(pin.ref)} via ${fullName(pin.repository)}, a fork of ${fullName(pin.upstream)}`
    : `${shortRef(pin.ref)} from ${fullName(pin.repository)}`;
  const where = `${result.displayPath}:${after.line}`;
  if (!result.changed) {
    lines.push(`${chalk.green('✓')} ${where}: ${result.importPath} is already at ${now}`);
  } else {
    const was = before
      ? `${shortRef(before.ref)}${before.repository ? ` via ${before.repository}` : ''}`
      : chalk.dim('(new entry)');
    lines.push(`${chalk.green('✓')} ${where}: ${chalk.bold(result.importPath)} ${was} → ${chalk.cyan(now)}`);
  }
  for (const note of result.notes) lines.push(`${chalk.dim('note:')} ${note}`);
  if (result.build) {
    const failing = result.build.alreadyFailing;
    lines.push(
      `${chalk.green('✓')} go build: ${result.build.dependency} and ${plural(result.build.importers.length, 'package')} of the project that import${result.build.importers.length === 1 ? 's' : ''} it compile${failing.length ? `; ${plural(failing.length, 'package')} failed before the move already and still ${failing.length === 1 ? 'does' : 'do'}: ${failing.join(', ')}` : ''}`,
    );
  }
  for (const warning of result.warnings) lines.push(`${chalk.yellow('warning:')} ${warning}`);
  if (result.dryRun && result.changed) {
    lines.push(colourPatch(result.patch, chalk).trimEnd());
    lines.push(chalk.dim('dry run: nothing written'));
  }
  return lines.join('\n') + '\n';
}

export function colourPatch(patch: string, chalk: ChalkInstance): string {
  return patch
    .split('\n')
    .filter((line) => !line.startsWith('Index: ') && !/^=+$/.test(line))
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return chalk.bold(line);
      if (line.startsWith('+')) return chalk.green(line);
      if (line.startsWith('-')) return chalk.red(line);
      if (line.startsWith('@@')) return chalk.cyan(line);
      return line;
    })
    .join('\n');
}
