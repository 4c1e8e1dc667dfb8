import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { git, pathFromGit, workTreeRoot, zList } from '../../git/plumbing.js';
import { rootFinder } from '../../git/staged-paths.js';
import { plural } from '../../text/plural.js';
import { parseModulesTxt } from './core/modules-txt.js';

/**
 * Tracked files under vendor/ that belong to no module vendor/modules.txt lists (modules.txt aside), as
 * `vendor/...`: go mod vendor deletes vendor/ whole and rewrites it, so the next run would drop them. For
 * `hook install` and plain `check`: the guard warns of them at every vendoring commit until they go.
 */
export async function trackedModuleOrphans(modFile: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const projectDir = path.dirname(modFile);
  const txt = path.join(projectDir, 'vendor', 'modules.txt');
  const top = workTreeRoot(projectDir);
  if (!top || !existsSync(txt)) return [];
  const listed = await git(projectDir, ['ls-files', '-z', '--', 'vendor'], env);
  if (!listed.ok) return [];
  const moduleOf = rootFinder(parseModulesTxt(readFileSync(txt, 'utf8')).versions);
  return zList(listed.stdout)
    .map(pathFromGit)
    .filter((file) => file !== 'vendor/modules.txt' && !moduleOf(file.slice('vendor/'.length)));
}

/** One line for orphan files of a module project: how many, the first few, and what go mod vendor does to them. */
export function moduleOrphanMessage(files: string[], txtRel: string, why: string): string {
  const shown = `${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`;
  return `${plural(files.length, 'file')} under ${path.posix.dirname(txtRel)} ${files.length === 1 ? 'belongs' : 'belong'} to no module ${txtRel} lists (${shown}): ${why}`;
}

export const KEPT_ORPHAN_FIX = 'go mod vendor would delete them: git rm them, or vendor the module that provides them';

/** What `hook install` and plain check say of the tracked orphans: one line, or none. */
export async function moduleOrphanLines(modFile: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const files = await trackedModuleOrphans(modFile, env);
  return files.length > 0 ? [moduleOrphanMessage(files, 'vendor/modules.txt', KEPT_ORPHAN_FIX)] : [];
}
