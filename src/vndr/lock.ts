import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors.js';

/** Where vendorfork keeps its lock and backups: inside .git when the project has one, so nothing shows in the tree. */
export function stateDir(projectDir: string): string {
  const git = path.join(projectDir, '.git');
  return existsSync(git) && statSync(git).isDirectory()
    ? path.join(git, 'vendorfork')
    : path.join(projectDir, '.vendorfork');
}

/**
 * One vendorfork at a time per tree. proper-lockfile takes the lock with an
 * atomic mkdir and keeps it fresh while we run, so a lock left by a killed
 * process goes stale and is taken over instead of blocking forever.
 */
export async function lockTree(projectDir: string, confPath: string): Promise<() => Promise<void>> {
  const lockPath = path.join(stateDir(projectDir), 'lock');
  const { mkdir } = await import('node:fs/promises');
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
