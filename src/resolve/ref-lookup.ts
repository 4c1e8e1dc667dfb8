import { UserError } from '../errors.js';
import type { MirrorRef, NetworkMirror } from '../git/network-mirror.js';
import type { GitHubClient } from '../github/client.js';
import type { RepoId } from './fork-spec.js';
import { branchPin } from './branch-pin.js';
import type { ResolvedRef } from './pin.js';

/** 4 to 39 hex digits: what git reads as the start of a commit id. A full id is 40. */
export const SHORT_SHA = /^[0-9a-f]{4,39}$/;

/**
 * Where a ref is looked up: GitHub's API for one repository, or git's copy of its network. Both resolver paths
 * (resolver.ts, git-pin.ts) and the move judge (move.ts) ask through this, so a ref means the same in all three.
 */
export interface RefSource {
  /** host/owner/repo, for messages. */
  readonly where: string;
  /**
   * Whether `startingWith` lists every commit that starts with a prefix (git's copy), or gives GitHub's one answer:
   * the commit, or nothing when there is none or more than one. GitHub's API also resolves a name before a
   * commit prefix and cannot be asked for the prefix alone, so a hex-looking name is undecided there.
   */
  readonly listsPrefixes: boolean;
  /** The commit a tag of that name points at (peeled), or undefined. */
  tag(name: string): Promise<string | undefined>;
  /** The commit a branch of that name points at, or undefined. */
  branch(name: string): Promise<string | undefined>;
  /** The commits whose id starts with `prefix`, sorted. */
  startingWith(prefix: string): Promise<string[]>;
}

/** The commit a ref names, and what named it. */
export interface RefFound {
  kind: 'tag' | 'branch' | 'sha';
  sha: string;
}

/** Why a ref names no one commit. */
export type RefMiss =
  /** Several commits start with it; or it is a name and also the start of a commit (`candidates` then has both). */
  | { kind: 'ambiguous'; name?: { kind: 'tag' | 'branch'; sha: string }; candidates: string[] }
  /** A hex-looking name where the source cannot tell whether a commit also starts with it. */
  | { kind: 'undecided'; name: { kind: 'tag' | 'branch'; sha: string } }
  | { kind: 'none' };

export type RefAnswer = RefFound | RefMiss;

export function isFound(answer: RefAnswer): answer is RefFound {
  return answer.kind === 'tag' || answer.kind === 'branch' || answer.kind === 'sha';
}

/**
 * The one reading of a ref that is not a full SHA (a full SHA is a commit, checked by each caller its own way).
 *
 * A tag, then a branch, as both git (rev-parse) and go's version query read a name; otherwise, when it looks like
 * hex, the one commit it starts. A hex-looking name that is also the start of a commit is ambiguous, because the
 * tools disagree on it: vndr's `git checkout` takes the commit when the branch exists only on the remote, and go
 * takes the branch. So it is refused rather than guessed, and where the source cannot see commit prefixes
 * (GitHub's API) it is `undecided`, which is refused too.
 */
export async function lookUpRef(source: RefSource, ref: string): Promise<RefAnswer> {
  const tag = await source.tag(ref);
  const name = tag ? { kind: 'tag' as const, sha: tag } : await branchOf(source, ref);
  if (!SHORT_SHA.test(ref)) return name ?? { kind: 'none' };
  if (name && !source.listsPrefixes) return { kind: 'undecided', name };
  const candidates = await source.startingWith(ref);
  const others = name ? candidates.filter((sha) => sha !== name.sha) : candidates;
  if (name) return others.length === 0 ? name : { kind: 'ambiguous', name, candidates: others };
  if (candidates.length === 1) return { kind: 'sha', sha: candidates[0]! };
  return candidates.length > 1 ? { kind: 'ambiguous', candidates } : { kind: 'none' };
}

async function branchOf(source: RefSource, ref: string) {
  const sha = await source.branch(ref);
  return sha ? { kind: 'branch' as const, sha } : undefined;
}

/**
 * Why a ref was not pinned, in one line saying what to do: the refusals of both resolver paths, written once.
 * `subjects` names the candidates of an ambiguous prefix when the source can tell them.
 */
export function refRefusal(
  source: Pick<RefSource, 'where' | 'listsPrefixes'>,
  ref: string,
  answer: RefMiss,
  subjects: ReadonlyMap<string, string> = new Map(),
): string {
  const { where } = source;
  if (answer.kind === 'none')
    return SHORT_SHA.test(ref)
      ? `${where} has no commit starting with ${ref}${source.listsPrefixes ? '' : ', or more than one'}: check it, or type more characters`
      : `${where} has no commit, tag or branch ${ref}: check the name`;
  if (answer.kind === 'undecided')
    return `${ref} in ${where} names a ${answer.name.kind} (at ${answer.name.sha.slice(0, 12)}) and looks like the start of a commit id, which GitHub's API cannot tell apart (and vndr's git checkout and go read differently): write the full SHA`;
  const listed = answer.candidates.slice(0, 5).map((sha) => `${sha.slice(0, 12)} ${subjects.get(sha) ?? ''}`.trim());
  const more = answer.candidates.length > 5 ? '; …' : '';
  if (answer.name)
    return `${ref} is ambiguous in ${where}: a ${answer.name.kind} (at ${answer.name.sha.slice(0, 12)}) and the start of ${answer.candidates.length === 1 ? 'a commit' : `${answer.candidates.length} commits`} (${listed.join('; ')}${more}): write the full SHA`;
  return `${ref} is ambiguous in ${where}: ${answer.candidates.length} commits start with it (${listed.join('; ')}${more}): type more characters`;
}

/** git's copy of the network as a ref source: the repository's refs as ls-remote (or the copy) lists them, and every commit of the network. */
export function mirrorRefs(mirror: NetworkMirror, refs: readonly MirrorRef[], where: string): RefSource {
  return {
    where,
    listsPrefixes: true,
    tag: async (name) => refs.find((r) => r.name === `tags/${name}`)?.commit,
    branch: async (name) => refs.find((r) => r.name === `heads/${name}`)?.commit,
    startingWith: (prefix) => mirror.commitsStartingWith(prefix),
  };
}

/** What a found ref is written as: a tag as typed, a branch pinned at its commit (or kept, --keep-ref), a short SHA in full (or kept). */
export function pinned(
  ref: string,
  found: RefFound,
  where: string,
  keepRef: boolean | undefined,
): ResolvedRef & { warning?: string } {
  if (found.kind === 'tag') return { ref, sha: found.sha, kind: 'tag' };
  if (found.kind === 'branch') return branchPin(ref, found.sha, where, keepRef);
  return { ref: keepRef ? ref : found.sha, sha: found.sha, kind: 'sha' };
}

/**
 * GitHub's API as a ref source, for one ref. GitHub resolves `commits/REF` as a branch, then a tag, then a commit
 * prefix, in one request; so a hex-looking ref is asked that way first, and when the answer starts with it no name
 * took it (a short SHA costs one request, as before). Any other answer means a name took it: only then are tags and
 * branches asked for.
 */
export function githubRefs(client: GitHubClient, repo: RepoId, where: string, ref: string): RefSource {
  let asCommitish: Promise<string | undefined> | undefined;
  const commitish = () => (asCommitish ??= client.commitSha(repo, ref));
  /** Whether GitHub's one answer already shows that no tag or branch has this name. */
  const noName = async (name: string) => {
    if (name !== ref || !SHORT_SHA.test(ref)) return false;
    const sha = await commitish();
    return sha === undefined || sha.startsWith(ref);
  };
  return {
    where,
    listsPrefixes: false,
    tag: async (name) => {
      if (await noName(name)) return undefined;
      if (!(await client.ref(repo, 'tags', name))) return undefined;
      return client.commitSha(repo, `tags/${name}`);
    },
    branch: async (name) => {
      if (await noName(name)) return undefined;
      const branch = await client.ref(repo, 'heads', name);
      if (!branch) return undefined;
      return (await client.commitSha(repo, `heads/${name}`)) ?? branch.objectSha;
    },
    startingWith: async (prefix) => {
      const sha = prefix === ref ? await commitish() : await client.commitSha(repo, prefix);
      return sha?.startsWith(prefix) ? [sha] : [];
    },
  };
}

/** GitHub's API cannot decide the ref (a hex-looking name); the resolver asks git's copy instead, which can. */
export class ApiCannotTell extends UserError {
  override name = 'ApiCannotTell';
}
