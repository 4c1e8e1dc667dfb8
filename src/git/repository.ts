import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * The git adapter (simple-git), loaded only by commands that read history.
 * Revisions come from users and from files, so anything that git could take
 * as an option is refused before it reaches git.
 */
export async function openRepository(cwd: string) {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: cwd });
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
