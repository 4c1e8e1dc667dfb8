import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors.js';
import { workTreeRoot } from '../git/plumbing.js';

/**
 * Where vendorfork keeps its lock and backups: inside the work tree's .git
 * directory (vendor.conf may sit below the root), so nothing shows in the
 * tree; beside vendor.conf when there is no such directory. One folder per
 * project, so two projects of one repository do not lock each other out.
 */
export function stateDir(projectDir: string): string {
  const top = workTreeRoot(projectDir);
  const git = top ? path.join(top, '.git') : undefined;
  if (git && existsSync(git) && statSync(git).isDirectory()) {
    const relative = path.relative(top!, projectDir);
    return path.join(git, 'vendorfork', relative === '' ? '.' : relative.split(path.sep).join('__'));
  }
  return path.join(projectDir, '.vendorfork');
}

/**
 * One vendorfork at a time per tree. proper-lockfile takes the lock with an
 * atomic mkdir and keeps it fresh while we run, so a lock left by a killed
 * process goes stale and is taken over instead of blocking forever.
 */
export async function lockTree(projectDir: string, confPath: string): Promise<() => Promise<void>> {
  const lockPath = path.join(stateDir(projectDir), 'lock');
  await mkdir(path.dirname(lockPath), { recursive: true });
  try {
    return await lockfile.lock(confPath, { lockfilePath: lockPath, stale: 30_000, update: 5_000, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new UserError(
        `another vendorfork is changing ${projectDir} (lock: ${lockPath}): wait for it to finish, and run again`,
      );
    }
    throw error;
  }
}
