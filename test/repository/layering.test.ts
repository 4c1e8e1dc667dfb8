import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const config = path.join(root, '.dependency-cruiser.cjs');

/** The rule names depcruise reports, each once, for the tree at `cwd`. */
function brokenRules(cwd: string): { status: number | null; rules: string[] } {
  // `err` is what npm run lint runs: its exit status is the verdict; the JSON report names the rules.
  const lint = spawnSync(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  const run = spawnSync(depcruise, ['src', '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string } }[] } };
  return { status: lint.status, rules: [...new Set(report.summary.violations.map((v) => v.rule.name))].sort() };
}

describe('the layering rules (.dependency-cruiser.cjs)', () => {
  it('hold on src/', () => {
    expect(brokenRules(root)).toEqual({ status: 0, rules: [] });
  });

  it('each fail on a tree that breaks it (__fixtures__/layering)', () => {
    const result = brokenRules(path.join(root, '__fixtures__', 'layering'));
    expect(result.status).not.toBe(0);
    // Every rule has its case there, so a new rule gets one too.
    const names = execFileSync(
      process.execPath,
      ['-e', `console.log(require(${JSON.stringify(config)}).forbidden.map((r) => r.name).sort().join(','))`],
      { encoding: 'utf8' },
    ).trim();
    expect(result.rules).toEqual(names.split(','));
    expect(result.rules).toEqual([
      'adapters-not-up',
      'commands-through-registry',
      'common-knows-no-format',
      'core-is-pure',
      'core-no-io-builtins',
      'formats-are-peers',
      'formats-not-up',
      'manifest-is-neutral',
      'no-circular',
    ]);
  });
});
