import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { workTreeRoot } from '../git/plumbing.js';

/**
 * Where vendorfork keeps its lock and per-project state: inside the work tree's .git
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
