import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { openManifest } from '../formats/index.js';
import { git, workTreeRoot } from '../git/plumbing.js';

export const MARKER = '# Installed by vendorfork (vendorfork hook uninstall removes it).';
const CHAINED = 'pre-commit.vendorfork-chained';

export interface HookResult {
  action: 'installed' | 'uninstalled' | 'unchanged';
  hook: string;
  /** The hook that was there before, now run first by vendorfork's. */
  chained?: string;
  /** What the first commit that stages vendoring would be refused for already: vendor/ directories with no entry. */
  warnings?: string[];
}

/** Where git looks for hooks here: core.hooksPath when set, else .git/hooks (git rev-parse --git-path honours both). */
async function hooksDir(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const top = workTreeRoot(cwd);
  if (!top) throw new UserError(`${cwd} is not in a git work tree: hooks belong to a repository`);
  const result = await git(top, ['rev-parse', '--git-path', 'hooks'], env);
  if (!result.ok) throw new UserError(`git rev-parse --git-path hooks failed in ${top}`);
  return path.resolve(top, result.stdout.trim());
}

/**
 * Installs a pre-commit hook that runs `vendorfork check --staged`. An
 * existing hook is never overwritten: it is kept beside ours and run first,
 * and uninstall puts it back.
 */
export async function installHook(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  command: string[];
}): Promise<HookResult> {
  const dir = await hooksDir(options.cwd, options.env);
  const hook = path.join(dir, 'pre-commit');
  mkdirSync(dir, { recursive: true });
  if (existsSync(hook) && readFileSync(hook, 'utf8').includes(MARKER)) {
    writeFileSync(hook, script(options.command));
    const warnings = await existingOrphans(options.cwd, options.env);
    return { action: 'unchanged', hook, ...(warnings.length ? { warnings } : {}) };
  }
  let chained: string | undefined;
  if (existsSync(hook)) {
    chained = path.join(dir, CHAINED);
    if (existsSync(chained))
      throw new UserError(`${chained} already exists: vendorfork will not overwrite it; move it away and run again`);
    renameSync(hook, chained);
  }
  writeFileSync(hook, script(options.command));
  chmodSync(hook, 0o755);
  const warnings = await existingOrphans(options.cwd, options.env);
  return { action: 'installed', hook, ...(chained ? { chained } : {}), ...(warnings.length ? { warnings } : {}) };
}

/** vendor/ directories the hook would refuse at the first vendoring commit, each with the line that keeps it. */
async function existingOrphans(cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  let manifest: Awaited<ReturnType<typeof openManifest>>;
  try {
    manifest = await openManifest(cwd);
  } catch {
    return []; // no manifest here: nothing to look at yet
  }
  return manifest.format.orphans(manifest.file, env);
}

export async function uninstallHook(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<HookResult> {
  const dir = await hooksDir(options.cwd, options.env);
  const hook = path.join(dir, 'pre-commit');
  if (!existsSync(hook) || !readFileSync(hook, 'utf8').includes(MARKER)) return { action: 'unchanged', hook };
  rmSync(hook);
  const chained = path.join(dir, CHAINED);
  if (existsSync(chained)) {
    renameSync(chained, hook);
    return { action: 'uninstalled', hook, chained };
  }
  return { action: 'uninstalled', hook };
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * What the check reads, as git pathspecs: a commit that stages none of them
 * leaves it as HEAD had it. The pre-commit framework's `files:` filter in
 * .pre-commit-hooks.yaml says the same.
 */
const WATCHED_PATHS = [
  ':(glob)**/vendor.conf',
  ':(glob)**/vendor.mod',
  ':(glob)**/vendor.sum',
  ':(glob)**/go.mod',
  ':(glob)**/go.sum',
  ':(glob)**/vendor/**',
  ':(glob)**/.vendorfork.json',
];

function script(command: string[]): string {
  return `#!/bin/sh
${MARKER}
# Runs the hook that was here before, if any, then checks the staged manifest (vendor.conf, vendor.mod or
# go.mod) and vendor/.
chained="$(dirname "$0")/${CHAINED}"
if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
# Most commits stage nothing the check reads (the manifests, vendor/, vendorfork's settings): those are let
# through by one git call instead of a Node start-up. git diff exits 1 on a change and 128 on an error: both check.
if git diff --cached --quiet --no-ext-diff -- ${WATCHED_PATHS.map(quote).join(' ')}; then
  exit 0
fi
exec ${command.map(quote).join(' ')} check --staged
`;
}
