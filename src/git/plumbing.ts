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

/** A path in git's output (read as latin1 above, bytes kept) as the UTF-8 it is on disk. */
export const pathFromGit = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');

/** Why git could not talk to a remote, for one line: the host, the repository, or something else. */
export interface GitFailure {
  reason: 'unreachable' | 'no-repository' | 'clone-failed';
  error: string;
}

/**
 * Reads git's stderr after a clone, fetch or ls-remote failed: the host could not be reached (the same
 * words for every repository on it, so callers can group them), the repository is not there, or
 * something else, with git's own last line.
 */
export function describeGitFailure(verb: string, url: string, stderr: string): GitFailure {
  const host = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+)/.exec(url)?.[1] ?? url;
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const last = (lines.at(-1) ?? '').replace(/^fatal: /, '');
  if (/repository .* not found|Repository not found|does not appear to be a git repository/i.test(stderr))
    return {
      reason: 'no-repository',
      error: `${url} does not exist, or is private: check the URL, or your access to it`,
    };
  const network =
    /Could not resolve host|Couldn't connect|Failed to connect|Connection refused|timed out|Operation too slow|Network is unreachable|Could not read from remote/i;
  if (network.test(stderr)) {
    const cause = lines.find((line) => network.test(line))?.replace(/^fatal: unable to access '[^']*': /, '') ?? last;
    return { reason: 'unreachable', error: `could not reach ${host} (${cause})` };
  }
  return { reason: 'clone-failed', error: `git ${verb} ${url} failed${last ? ` (${last})` : ''}` };
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

/**
 * Which of `paths` (relative to `cwd`) git's ignore rules exclude, whether tracked or not (`git check-ignore
 * --no-index`), in one process: a file go mod vendor writes that a vendored `.gitignore` excludes never
 * reaches the index through `git add`, so its absence there is no hand deletion.
 */
export function ignoredPaths(cwd: string, paths: string[], env: NodeJS.ProcessEnv): Promise<Set<string>> {
  return new Promise((resolve) => {
    if (paths.length === 0) return resolve(new Set());
    const child = spawn('git', ['check-ignore', '--no-index', '-z', '--stdin'], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(new Set()));
    child.on('close', () => resolve(new Set(zList(Buffer.concat(chunks).toString('utf8')))));
    child.stdin.end(paths.map((p) => `${p}\0`).join(''));
  });
}
