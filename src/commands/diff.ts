import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { githubRepositoryOfUrl } from '../manifest/import-path.js';
import { dependencyFiles, formatOf, locateManifest, MANIFEST_NAMES } from '../formats/index.js';
import type { MoveAssessment } from '../resolve/move.js';
import type { GitHubSession } from '../github/session.js';
import { UserError } from '../errors.js';
import { decode } from '../fs/conf-file.js';
import { openRepository } from '../git/repository.js';
import { displayPath } from '../fs/display-path.js';
import type { Entry } from '../manifest/entry.js';
import type { EntryDiff } from '../manifest/entry-diff.js';

export interface DiffOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** Zero, one or two revisions, like git diff. */
  revisions?: string[];
  /** Compare the index with HEAD (or with the one revision given). */
  staged?: boolean;
  /** Ask GitHub for compare links, commit counts and subjects. */
  online?: boolean;
  githubUrl?: string;
}

export interface OnlineDetail {
  compareUrl: string;
  commits?: number;
  subjects?: string[];
  /** Why GitHub could not say more, e.g. a ref it does not know. */
  unavailable?: string;
}

export interface DiffResult {
  file: string;
  displayPath: string;
  /** Human names of the two sides: "HEAD", "index", "working tree", or a revision. */
  from: string;
  to: string;
  changes: (EntryDiff & { online?: OnlineDetail; move?: MoveAssessment })[];
  /** The unified diff of the file. */
  patch: string;
  /** True when the text differs at all (a comment-only edit has a patch and no changes). */
  textChanged: boolean;
}

/**
 * `vendorfork diff`: vendor.conf between two states, entry by entry, like
 * git diff: no revision is HEAD against the working tree, --staged is HEAD
 * against the index, REV is REV against the working tree, REV1 REV2 compares
 * two revisions. A side where the file does not exist is empty.
 */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const revisions = options.revisions ?? [];
  if (revisions.length > 2) throw new UserError('diff takes at most two revisions: vendorfork diff [REV [REV2]]');
  if (options.staged && revisions.length > 1)
    throw new UserError('--staged compares the index with one revision: drop the second');
  const file = confPath(options);
  const repo = await openRepository(path.dirname(file), options.env);
  const read = async (side: string): Promise<string> => {
    if (side === 'working tree') return existsSync(file) ? decode(readFileSync(file)).text : '';
    return (await repo.fileAt(side === 'index' ? ':' : side, file)) ?? '';
  };
  const from = revisions[0] ?? 'HEAD';
  const to = revisions[1] ?? (options.staged ? 'index' : 'working tree');
  const [beforeText, afterText] = await Promise.all([read(from), read(to)]);
  const format = await formatOf(file);
  const changes: DiffResult['changes'] = format.diff(beforeText, afterText, path.basename(file));
  const shown = displayPath(options.cwd, file);
  const { createTwoFilesPatch } = await import('diff');
  const textChanged = beforeText !== afterText;
  const patch = textChanged
    ? createTwoFilesPatch(`a/${shown}`, `b/${shown}`, beforeText, afterText, from, to, { context: 3 })
    : '';
  // Each side in git's terms (a module's replacement as its repository URL, its version as a commit or tag).
  const sides = {
    old: new Map(format.entries(beforeText).map((e) => [e.importPath, e])),
    new: new Map(format.entries(afterText).map((e) => [e.importPath, e])),
  };
  // One GitHub session for both: a silent API is waited for once in the command, not once per part.
  const session =
    options.online && changes.length > 0
      ? await (
          await import('../github/session.js')
        ).openGitHub({ env: options.env, ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}) })
      : undefined;
  try {
    if (session) await addOnlineDetails(changes, sides, session);
    await addMoves(changes, sides, format.pins(afterText), { ...options, ...(session ? { session } : {}) });
  } finally {
    session?.close();
  }
  return { file, displayPath: shown, from, to, changes, patch, textChanged };
}

/** Like locateManifest, but a manifest deleted from the working tree (at the git root) is still the file to compare: the first name searched. */
function confPath(options: DiffOptions): string {
  if (options.file !== undefined) return path.resolve(options.cwd, options.file);
  try {
    return locateManifest(options.cwd);
  } catch (error) {
    const here = path.join(options.cwd, MANIFEST_NAMES[0]!);
    if (existsSync(path.join(options.cwd, '.git'))) return here;
    throw error;
  }
}

/** The GitHub repository an entry side is vendored from: its fork, or its upstream. */
async function repoOf(side: Pick<Entry, 'importPath' | 'repository'>): Promise<string | undefined> {
  if (side.repository) return githubRepositoryOfUrl(side.repository);
  const { upstreamOf } = await import('../resolve/upstream.js');
  try {
    const id = await upstreamOf(side.importPath, { offline: true });
    return `${id.owner}/${id.repo}`;
  } catch {
    return undefined;
  }
}

async function addOnlineDetails(changes: DiffResult['changes'], sides: Sides, session: GitHubSession): Promise<void> {
  for (const change of changes) {
    const [before, after] = [sides.old.get(change.importPath), sides.new.get(change.importPath)];
    if (!change.old || !change.new || !before || !after) continue;
    const [oldRepo, newRepo] = await Promise.all([repoOf(before), repoOf(after)]);
    if (!oldRepo || !newRepo) continue;
    // Cross-fork compares run on the old repository with OWNER:REF on the new side, as GitHub's compare view does.
    const [oldOwner, oldName] = oldRepo.split('/') as [string, string];
    const sameRepo = oldRepo.toLowerCase() === newRepo.toLowerCase();
    const [oldRef, newRef] = [before.ref, after.ref];
    const head = sameRepo ? newRef : `${newRepo.split('/')[0]}:${newRef}`;
    const host = session.config.webHost;
    const compareUrl = `https://${host}/${oldRepo}/compare/${oldRef}...${head}`;
    try {
      const comparison = await session.client!.compare({ host, owner: oldOwner, repo: oldName }, oldRef, head);
      change.online = comparison
        ? { compareUrl, commits: comparison.aheadBy, subjects: comparison.commits.slice(0, 5).map((c) => c.subject) }
        : { compareUrl, unavailable: 'GitHub does not know one of the two commits in this network' };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      change.online = { compareUrl, unavailable: error.message };
    }
  }
}

/**
 * Each row that moves a pin, judged as set judges it (what it drops, what it changes underneath): from
 * git's copy of the network when an earlier run left one, and with --online from GitHub as well. A row
 * that cannot be judged is left as it is.
 */
async function addMoves(
  changes: DiffResult['changes'],
  sides: Sides,
  projectPins: Map<string, string>,
  options: DiffOptions & { session?: GitHubSession },
): Promise<void> {
  const moved = changes.filter(
    (c) => c.old && c.new && c.kind !== 'renamed' && sides.old.has(c.importPath) && sides.new.has(c.importPath),
  );
  if (moved.length === 0) return;
  const [{ withResolver }, files] = await Promise.all([import('../resolve/with-resolver.js'), dependencyFiles()]);
  await withResolver({ ...options, offline: !options.online }, async (resolver) => {
    for (const change of moved) {
      try {
        const move = await resolver.assessEntryMove(
          change.importPath,
          sides.old.get(change.importPath)!,
          sides.new.get(change.importPath)!,
          projectPins,
          files,
        );
        if (move && (move.dropped || move.drift.length > 0)) change.move = move;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
      }
    }
  });
}

/** The two sides' entries by path, as the resolver reads them. */
interface Sides {
  old: Map<string, Entry>;
  new: Map<string, Entry>;
}
