import { UserError } from '../errors.js';
import type { MirroredRepository, NetworkMirror } from '../git/network-mirror.js';
import type { Drift, Reachability } from './batch.js';
import { FULL_SHA, fullName, repoKey, repositoryUrl, type RepoId } from './fork-spec.js';

/** Which question git could not answer: the fork is out of reach, the ref names nothing, or no shared history. */
export class GitDriftError extends UserError {
  constructor(
    readonly step: 'unreachable' | 'no-ref' | 'no-history',
    message: string,
  ) {
    super(message);
  }
}

/** What status asks of GitHub for a fork entry, answered from git's copy of the network. */
export interface GitDrift {
  sha: string;
  drift: Drift;
  reach: Reachability;
}

/**
 * A fork pin's drift from upstream's default branch and whether a branch or tag of the fork holds it,
 * from the network's mirror (network-mirror.ts) brought up to date with ls-remote and fetch, or as the
 * last run left it with --offline: the answers GitHub's compare and branch lists give, when its API cannot.
 */
export async function driftThroughGit(
  mirror: NetworkMirror,
  upstream: RepoId,
  fork: RepoId & { url: string },
  ref: string,
  offline: boolean,
): Promise<GitDrift> {
  const origin: MirroredRepository = { url: repositoryUrl(upstream), key: repoKey(upstream) };
  const forked: MirroredRepository = { url: fork.url, key: repoKey(fork) };
  let defaultBranch: string | undefined;
  if (!offline) {
    defaultBranch = (await mirror.lsRemote(origin.url)).defaultBranch;
    await mirror.fetch(origin);
    await mirror.fetch(forked).catch((error: unknown) => {
      throw error instanceof UserError ? new GitDriftError('unreachable', error.message) : error;
    });
  }
  const heads = (await mirror.listRefs(origin)).filter((r) => r.name.startsWith('heads/'));
  defaultBranch ??= ['master', 'main'].find((name) => heads.some((h) => h.name === `heads/${name}`));
  const head = heads.find((h) => h.name === `heads/${defaultBranch}`);
  if (!defaultBranch || !head)
    throw new UserError(`the default branch of ${fullName(upstream)} is not known to git's copy of its network`);
  const sha = await commitOf(mirror, forked, ref, offline);
  if (!sha) throw new GitDriftError('no-ref', `${fork.url} has no commit, tag or branch ${ref} that git can reach`);
  if (!(await mirror.mergeBase(sha, [head.commit])))
    throw new GitDriftError('no-history', `${fullName(fork)} shares no history with ${fullName(upstream)}`);
  const [ahead, behind, holders] = await Promise.all([
    mirror.commitsMissing(sha, head.commit),
    mirror.commitsMissing(head.commit, sha),
    mirror.containing(forked, sha),
  ]);
  const holder = holders[0];
  return {
    sha,
    drift: { defaultBranch, aheadBy: ahead.length, behindBy: behind.length },
    reach: {
      reachable: holder !== undefined,
      ...(holder ? { via: holder.replace(/^heads\//, 'branch ').replace(/^tags\//, 'tag ') } : {}),
    },
  };
}

async function commitOf(
  mirror: NetworkMirror,
  fork: MirroredRepository,
  ref: string,
  offline: boolean,
): Promise<string | undefined> {
  if (FULL_SHA.test(ref)) {
    if (!(await mirror.hasCommit(ref)) && !offline) await mirror.fetchCommit(fork.url, ref);
    return (await mirror.hasCommit(ref)) ? ref : undefined;
  }
  const refs = await mirror.listRefs(fork);
  const named = (refs.find((r) => r.name === `tags/${ref}`) ?? refs.find((r) => r.name === `heads/${ref}`))?.commit;
  if (named || !/^[0-9a-f]{7,39}$/.test(ref)) return named;
  // A short SHA, or a module pseudo-version's 12 digits: one commit of the network must start with it.
  const candidates = await mirror.commitsStartingWith(ref);
  return candidates.length === 1 ? candidates[0] : undefined;
}
