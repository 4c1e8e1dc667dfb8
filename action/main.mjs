#!/usr/bin/env node
// The entry point of the GitHub Action (action.yml at the repository's top): `check` (and `verify` when
// asked), then `diff --format markdown` against the pull request's base into the job summary; exit 1 when
// any of them fails. Plain JavaScript with no dependency of its own: it runs the CLI the action just built
// (bin/vendorfork.cjs), as a user would, so what it says is what the CLI says.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vendorfork.cjs');
const env = process.env;

/** An input as GitHub passes it to an action's steps: INPUT_<NAME>, upper-cased. */
const input = (name) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();

function flag(name) {
  const value = input(name).toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`input ${name} is "${value}": write true or false`);
}

/** A workflow command's text, escaped as the runner expects (actions/toolkit's command.ts). */
const escapeData = (text) => String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function run(args, cwd) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function git(args, cwd) {
  return spawnSync('git', args, { cwd, env, encoding: 'utf8' });
}

/**
 * The revision the pull request is compared with: the event's base commit (GITHUB_EVENT_PATH), else
 * origin/GITHUB_BASE_REF. A shallow checkout may lack the commit: one fetch of it is tried.
 */
function baseRevision(cwd) {
  let event;
  if (env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH))
    event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  const sha = event?.pull_request?.base?.sha;
  if (typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)) {
    const present = () => git(['cat-file', '-e', `${sha}^{commit}`], cwd).status === 0;
    if (!present()) git(['fetch', '--no-tags', '--depth=1', 'origin', sha], cwd);
    return present() ? { revision: sha } : { missing: `the base commit ${sha} is not in the checkout` };
  }
  const ref = env.GITHUB_BASE_REF;
  if (!ref) return { missing: 'no pull request: neither the event nor GITHUB_BASE_REF names a base' };
  // A branch name as git accepts one, never an option.
  if (git(['check-ref-format', '--branch', ref], cwd).status !== 0)
    return { missing: `GITHUB_BASE_REF "${ref}" is no branch name` };
  const revision = `origin/${ref}`;
  return git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], cwd).status === 0
    ? { revision }
    : { missing: `${revision} is not in the checkout` };
}

function main() {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const cwd = path.resolve(workspace, input('directory') || '.');
  const [verify, strict, online] = [flag('verify'), flag('strict'), flag('online')];
  const common = [...(input('file') ? ['--file', input('file')] : []), ...(online ? ['--online'] : [])];
  const summary = ['## vendorfork', ''];
  const failed = [];

  const check = run(['check', '--json', ...(strict ? ['--strict'] : []), ...common], cwd);
  if (check.code === 2 || !check.stdout.trim()) {
    failed.push('check');
    summary.push(`**check** failed: ${check.stderr.trim().replace(/^vendorfork: /, '')}`, '');
    console.log(`::error title=vendorfork check::${escapeData(check.stderr.trim())}`);
  } else {
    const result = JSON.parse(check.stdout);
    if (!result.ok) failed.push('check');
    const shown = path.relative(workspace, result.file).split(path.sep).join('/');
    summary.push(
      `**check** \`${shown}\`: ${result.ok ? '✓' : '✗'} ${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`,
      '',
    );
    for (const d of result.diagnostics) {
      const where = d.line > 0 ? `:${d.line}${d.column > 0 ? `:${d.column}` : ''}` : '';
      summary.push(`- ${d.severity === 'error' ? '✗' : '⚠'} \`${shown}${where}\` **${d.code}**: ${d.message}`);
      const properties = [`file=${escapeProperty(shown)}`];
      if (d.line > 0) properties.push(`line=${d.line}`);
      if (d.column > 0) properties.push(`col=${d.column}`);
      properties.push(`title=${escapeProperty(d.code)}`);
      console.log(
        `::${d.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(d.message)}`,
      );
    }
    if (result.diagnostics.length > 0) summary.push('');
  }

  if (verify) {
    const verified = run(['verify', ...(input('file') ? ['--file', input('file')] : [])], cwd);
    if (verified.code !== 0) failed.push('verify');
    const output = `${verified.stdout}${verified.stderr}`.trim();
    summary.push(
      `**verify**: ${verified.code === 0 ? '✓ vendor/ is what the file pins' : '✗ vendor/ differs from what the file pins'}`,
      '',
      '<details><summary>vendorfork verify</summary>',
      '',
      '```text',
      output.replace(/```/g, "'''"),
      '```',
      '',
      '</details>',
      '',
    );
    if (verified.code !== 0) console.log(`::error title=vendorfork verify::${escapeData(output.split('\n').at(-1))}`);
  }

  const base = baseRevision(cwd);
  if (base.revision) {
    const diff = run(
      ['diff', base.revision, 'HEAD', '--format', 'markdown', ...(strict ? ['--strict'] : []), ...common],
      cwd,
    );
    summary.push(diff.stdout.trim() || `diff failed: ${diff.stderr.trim()}`, '');
    if (diff.code !== 0) {
      failed.push('diff');
      if (diff.stderr.trim()) console.log(`::error title=vendorfork diff::${escapeData(diff.stderr.trim())}`);
    }
  } else {
    summary.push(`No diff: ${base.missing} (check out with fetch-depth: 0).`, '');
    console.log(`::warning title=vendorfork diff::${escapeData(base.missing)}`);
  }

  if (failed.length > 0) summary.push(`**Failed:** ${failed.join(', ')}.`);
  const text = `${summary.join('\n').trimEnd()}\n`;
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, text);
  else process.stdout.write(text);
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.log(`::error title=vendorfork::${escapeData(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = 1;
}
