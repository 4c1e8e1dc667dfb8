import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors.js';
import { stateDir } from '../fs/state-dir.js';

/**
 * Where vendor/ is kept aside while vndr runs, best first. Never inside the
 * project directory: vndr finds the project's own packages by walking all of
 * it but vendor/, .git included (collectPkgs in vndr's pkg.go), so a copy of
 * vendor/ there is parsed as part of the project (100 to 150 ms on a
 * 1,200-file tree), and the old versions' imports keep alive packages that a
 * full vndr run deletes (a test shows both). Hard links and rename want the
 * same file system, so: the repository's .git when the project sits below the
 * work tree's root, else a hidden folder beside the project; last, the
 * system's temporary folder, copied rather than linked if it is another file
 * system.
 */
export function snapshotDirs(projectDir: string): string[] {
  const state = stateDir(projectDir);
  const outside = path.relative(projectDir, state).startsWith('..');
  const id = fnv1a(path.resolve(projectDir));
  return [
    outside
      ? path.join(state, 'vendor-backup')
      : path.join(path.dirname(projectDir), `.${path.basename(projectDir)}.vendorfork-snapshot`),
    path.join(os.tmpdir(), `vendorfork-snapshot-${id}`),
  ];
}

/** A short name for a path (FNV-1a, 32 bits): loading node:crypto would cost this command start-up time. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
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
