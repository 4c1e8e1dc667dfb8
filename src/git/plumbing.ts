import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The few plumbing calls the pre-commit path needs, through execFile: loading
 * simple-git costs more start-up time than these calls take, and the hook runs
 * on every commit. Every argument is ours; paths come after `--`.
 */
export function git(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' }, (error, stdout, stderr) => {
      resolve({
        ok: !error,
        stdout: Buffer.from(stdout).toString('latin1'),
        stderr: Buffer.from(stderr).toString('utf8'),
      });
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

/** An object as `git cat-file --batch` gives it. */
export interface CatFileObject {
  oid: string;
  type: string;
  content: Buffer;
}

/**
 * Several `git show REV:PATH` in one process (`git cat-file --batch`): each
 * object with its id and type, or undefined where missing.
 */
export function catFileBatch(
  cwd: string,
  specs: string[],
  env: NodeJS.ProcessEnv,
): Promise<(CatFileObject | undefined)[]> {
  return new Promise((resolve) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(specs.map(() => undefined)));
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const results: (CatFileObject | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < specs.length; i++) {
        const newline = out.indexOf(10, at);
        if (newline === -1) {
          results.push(undefined);
          continue;
        }
        const [oid, type, size] = out.subarray(at, newline).toString('latin1').split(' ');
        at = newline + 1;
        // "<spec> missing" (or ambiguous) has no size and no content.
        if (size === undefined || !/^\d+$/.test(size)) {
          results.push(undefined);
          continue;
        }
        results.push({ oid: oid!, type: type!, content: out.subarray(at, at + Number(size)) });
        at += Number(size) + 1;
      }
      resolve(results);
    });
    // One spec a line: a path with a newline cannot be asked this way, and vendor.conf has none.
    child.stdin.end(specs.join('\n') + '\n');
  });
}
