import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The few plumbing calls the pre-commit path needs, through execFile: loading
 * simple-git costs more start-up time than these calls take, and the hook runs
 * on every commit. Every argument is ours; paths come after `--`.
 */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ok: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' }, (error, stdout) => {
      resolve({ ok: !error, stdout: Buffer.from(stdout).toString('latin1') });
    });
  });
}

/** The work tree root, found by walking up to `.git` (a directory, or a file for worktrees and submodules). */
export function workTreeRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit) && (statSync(dotGit).isDirectory() || statSync(dotGit).isFile())) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** NUL-separated output as a list. */
export function zList(text: string): string[] {
  return text.split('\0').filter(Boolean);
}
