import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../../commands/check.js';
import { plural } from '../../text/plural.js';

/** `vendor.conf:12:3: error duplicate-import-path message`: the compiler format that editors and CI annotate from. */
export function renderCheck(result: CheckResult, chalk: ChalkInstance): string {
  const lines = result.diagnostics.map((d) => {
    const severity = d.severity === 'error' ? chalk.red.bold('error') : chalk.yellow.bold('warning');
    const where = d.line === 0 ? `${result.displayPath}:` : `${result.displayPath}:${d.line}:${d.column}:`;
    return `${chalk.bold(where)} ${severity} ${chalk.dim(d.code)} ${d.message}`;
  });
  if (result.diagnostics.length === 0) {
    lines.push(`${chalk.green('✓')} ${result.displayPath}: no problems`);
  } else {
    lines.push(`${result.displayPath}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`);
  }
  for (const note of result.notes ?? []) lines.push(`${chalk.dim('note:')} ${note}`);
  return lines.join('\n') + '\n';
}
