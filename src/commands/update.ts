import path from 'node:path';
import { UserError } from '../errors.js';
import { readConfText } from '../fs/conf-file.js';
import { formatOf, locateManifest } from '../formats/index.js';
import { fullName } from '../resolve/fork-spec.js';
import type { ForkBranches } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { openEditor } from './pin-edit.js';
import { applyMove, resolveMove, type SetResult } from './set.js';
import type { EditOptions } from '../manifest/edit.js';

export interface UpdateOptions extends EditOptions {
  /** The fork branch to follow; by default the one branch of the fork that holds the pinned commit. */
  branch?: string;
  /** Accept a move that drops commits of the current pin (a warning otherwise, an error under --strict). */
  allowDrop?: boolean;
}

export interface UpdateResult extends SetResult {
  /** The fork branch followed, and whether it was named or found (the one branch holding the pinned commit). */
  branch: string;
  chosen: 'given' | 'contains';
  /** The commit pinned before the update. */
  from: string;
  /** True when the branch's head is the pinned commit: nothing moved. */
  current: boolean;
}

/** More than one branch of the fork holds the pinned commit: which to follow is the user's call. */
export class AmbiguousBranch extends UserError {
  override name = 'AmbiguousBranch';
  constructor(
    readonly importPath: string,
    readonly branches: string[],
    found: ForkBranches,
    dependency: string,
  ) {
    super(
      `${importPath}: ${found.sha.slice(0, 12)} is on ${branches.length} branches of ${fullName(found.fork)} (${branches.join(', ')}): name the one to follow (vendorfork update ${dependency} BRANCH)`,
    );
  }
}

/**
 * `vendorfork update NAME [BRANCH]`: moves a fork pin to the head of the fork branch it came from (the
 * branch given, else the one branch of the fork that contains the pinned commit), judged and written as
 * `set NAME @BRANCH` would be: what it drops, what shifts underneath, --strict, --build, one transaction.
 * vendor.conf gets the head's SHA; a module file, go's version for it.
 */
export async function update(options: UpdateOptions): Promise<UpdateResult> {
  const editor = await openEditor(options);
  const entry = editor.current;
  if (!entry?.repository)
    throw new UserError(
      `${editor.importPath} is not vendored from a fork in ${path.basename(editor.file)}: nothing to update (vendorfork set ${options.dependency} OWNER/REPO@BRANCH points it at one)`,
    );
  const { found, branch, resolved } = await withResolver(options, async (resolver) => {
    const found = await resolver.forkBranches(editor.importPath, entry);
    const branch = options.branch ?? theBranch(editor.importPath, found, options.dependency);
    return { found, branch, resolved: await resolveMove(editor, resolver, { ref: branch }, options) };
  });
  // Following the branch is what update is for: set's warning that a branch moves says nothing new here
  // (with --keep-ref it does: the branch's name is written, and every vndr run may vendor something else).
  if (!options.keepRef)
    resolved.pin.warnings = resolved.pin.warnings.filter((warning) => !warning.startsWith(`${branch} is a branch of `));
  const current = resolved.pin.sha === found.sha;
  const chosen = options.branch !== undefined ? 'given' : 'contains';
  const why =
    chosen === 'given'
      ? `followed ${fullName(found.fork)}'s branch ${branch}, as named`
      : `followed ${fullName(found.fork)}'s branch ${branch}, the one branch that holds ${found.sha.slice(0, 12)}`;
  const result = await applyMove(editor, resolved, options, current ? [] : [why]);
  return { ...result, branch, chosen, from: found.sha, current };
}

function theBranch(importPath: string, found: ForkBranches, dependency: string): string {
  if (found.containing.length === 1) return found.containing[0]!;
  if (found.containing.length === 0)
    throw new UserError(
      `${importPath}: no branch of ${fullName(found.fork)} holds ${found.sha.slice(0, 12)}: name the branch to follow (vendorfork update ${dependency} BRANCH)`,
    );
  throw new AmbiguousBranch(importPath, found.containing, found, dependency);
}

export interface UpdateAllResult {
  file: string;
  /** One per fork pin, in file order. */
  updated: UpdateResult[];
  /** Fork pins left as they were, and why (several branches hold the commit, a refusal under --strict, ...). */
  skipped: { importPath: string; reason: string; branches?: string[] }[];
}

/** `update --all`: every fork pin of the manifest, one after the other, each its own transaction. */
export async function updateAll(options: Omit<UpdateOptions, 'dependency' | 'branch'>): Promise<UpdateAllResult> {
  const file = locateManifest(options.cwd, options.file);
  const format = await formatOf(file);
  const forks = format.entries((await readConfText(file)).text).filter((entry) => entry.repository);
  const result: UpdateAllResult = { file, updated: [], skipped: [] };
  for (const entry of forks) {
    try {
      result.updated.push(await update({ ...options, file, dependency: entry.importPath }));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      result.skipped.push({
        importPath: entry.importPath,
        reason: error.message,
        ...(error instanceof AmbiguousBranch ? { branches: error.branches } : {}),
      });
    }
  }
  return result;
}
