import path from 'node:path';
import { UserError } from '../errors.js';
import { gitIn } from './simple.js';

/**
 * The git adapter (simple-git), loaded only by commands that read history.
 * Revisions come from users and from files, so anything that git could take
 * as an option is refused before it reaches git.
 */
export async function openRepository(cwd: string, env: NodeJS.ProcessEnv) {
  // The command's environment, not this process's: tests and the CLI pass their own.
  const git = await gitIn(cwd, env);
  let top: string;
  try {
    top = (await git.revparse(['--show-toplevel'])).trim();
  } catch {
    throw new UserError(`${cwd} is not inside a git repository: this command compares vendor.conf with git history`);
  }
  return {
    top,
    /** The file's text at `rev` (`:` for the index), byte for byte, or undefined when it did not exist there. */
    async fileAt(rev: string, file: string): Promise<string | undefined> {
      if (rev !== ':') checkRevision(rev);
      const relative = path.relative(top, file).split(path.sep).join('/');
      try {
        // raw, not show(): simple-git's show() output is not guaranteed byte-exact (line endings, a final newline).
        return await git.raw(['show', rev === ':' ? `:${relative}` : `${rev}:${relative}`]);
      } catch (error) {
        const message = String((error as Error).message);
        if (/does not exist in|exists on disk, but not in|path .* does not exist/i.test(message)) return undefined;
        if (
          /unknown revision|bad revision|invalid object name|ambiguous argument|not a valid object name/i.test(message)
        ) {
          throw new UserError(`${rev} is not a revision of this repository: check it (git log shows them)`);
        }
        throw error;
      }
    },
  };
}

export function checkRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\s\0]/.test(rev)) {
    throw new UserError(`${JSON.stringify(rev)} is not a revision git can take safely: write a branch, tag or SHA`);
  }
}

/** `git ls-remote URL`: refs and their SHAs. The URL must already have passed vendor.conf's unsafe-value check. */
export async function listRemote(url: string, env: NodeJS.ProcessEnv): Promise<{ sha: string; ref: string }[]> {
  if (url.startsWith('-') || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(url))
    throw new UserError(`${url}: refused, git could read it as an option or a remote helper`);
  const out = await (await gitIn(undefined, env)).listRemote(['--', url]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha, ref] = line.split('\t') as [string, string];
      return { sha, ref };
    });
}
