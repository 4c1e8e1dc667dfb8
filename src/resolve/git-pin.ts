import { UserError } from '../errors.js';
import { NetworkMirror, type MirroredRepository, type MirrorRef } from '../git/network-mirror.js';
import { FULL_SHA, fullName, repoKey, repositoryUrl, sameRepo, type RepoId } from './fork-spec.js';
import { UnreachableCommit } from './unreachable-commit.js';
import type { Pin, ResolvedRef } from './pin.js';
import { isFound, lookUpRef, mirrorRefs, pinned, refRefusal } from './ref-lookup.js';

export interface GitPinOptions {
  env: NodeJS.ProcessEnv;
  /** No network: the mirror as earlier runs left it. */
  offline: boolean;
  strict?: boolean;
  keepRef?: boolean;
}

/** What the resolver chose before asking anyone: which repository to clone, and what to write for it. */
export interface PinTarget {
  importPath: string;
  upstream: RepoId;
  repository: RepoId;
  /** The URL git fetches the repository from: the one vendor.conf has, or the https form of the spec. */
  url: string;
  repositoryUrl: string | null;
  ref?: string;
}

/**
 * Resolves a pin with git alone, for when GitHub's API cannot answer (unreachable, rate-limited, an
 * Enterprise server without API access) or the fork is on another host. The same questions as the API
 * path, answered from the network's mirror (network-mirror.ts):
 *
 * - a short SHA names exactly one commit of the network, or it is an error that lists the candidates;
 * - a tag or branch is looked up with ls-remote (the mirror's copy of the refs with --offline);
 * - the fork is of the upstream's network when the two share history (a merge base exists);
 * - the commit is reachable when a branch or tag of the fork contains it, which is what vndr's clone needs.
 */
export async function pinThroughGit(target: PinTarget, options: GitPinOptions, notes: string[]): Promise<Pin> {
  const { upstream, repository } = target;
  const warnings: string[] = [];
  const where = `${repository.host}/${fullName(repository)}`;
  const mirror = NetworkMirror.of(repoKey(upstream), options.env);
  const fork: MirroredRepository = { url: target.url, key: repoKey(repository) };
  const origin: MirroredRepository = { url: repositoryUrl(upstream), key: repoKey(upstream) };
  const isFork = !sameRepo(repository, upstream);

  let remote: { defaultBranch?: string; refs: MirrorRef[] };
  if (options.offline) {
    if (!mirror.exists)
      throw new UserError(
        `${target.ref ?? 'the default branch'} of ${where} needs GitHub or git, and --offline is set with no copy of ${fullName(upstream)}'s network in vendorfork's cache: run once without --offline, or give a full 40-character SHA`,
      );
    remote = { refs: await mirror.listRefs(fork) };
  } else {
    remote = await mirror.lsRemote(fork.url);
    await mirror.fetch(fork);
    if (isFork) await mirror.fetch(origin);
  }

  const ref = target.ref ?? remote.defaultBranch;
  if (ref === undefined)
    throw new UserError(
      `${where}: its default branch is not known offline: give the ref (${fullName(repository)}@REF)`,
    );
  const resolved = await resolveInMirror(mirror, fork, remote.refs, ref, where, options);
  if (resolved.warning) warnings.push(resolved.warning);
  const sha = resolved.sha!;
  if (options.offline && FULL_SHA.test(ref) && !(await mirror.hasCommit(ref))) {
    // The copy is older than the commit: written as given, and said so, unless --strict wants it proved.
    const age = copyAge(mirror);
    const unchecked = `${ref.slice(0, 12)} is not in vendorfork's copy of ${fullName(upstream)}'s network (${age}), so --offline could not check that ${where} has it, that a branch or tag holds it, or that it shares history with ${fullName(upstream)}`;
    if (options.strict) throw new UserError(`${unchecked}: refused under --strict; run without --offline to check it`);
    return {
      importPath: target.importPath,
      upstream,
      repository,
      repositoryUrl: target.repositoryUrl,
      ref,
      sha: ref,
      kind: 'sha',
      warnings: [...warnings, `${unchecked}: written unchecked; run without --offline to check it`],
      notes,
      via: 'git',
    };
  }

  if (isFork) {
    const upstreamHeads = (await mirror.listRefs(origin)).filter((r) => r.name.startsWith('heads/'));
    const shared =
      upstreamHeads.length > 0 &&
      (await mirror.mergeBase(
        sha,
        upstreamHeads.map((h) => h.commit),
      ));
    if (!shared) {
      const message = `${fullName(repository)} shares no history with ${fullName(upstream)}${upstreamHeads.length === 0 ? ' (no branch of it is in the cache)' : ''}, so it is not a fork of it`;
      if (options.strict) throw new UserError(`${message}: refused under --strict`);
      warnings.push(message);
    }
  }
  if (resolved.kind === 'sha') {
    const holders = await mirror.containing(fork, sha, remote.defaultBranch);
    if (holders.length === 0) throw new UnreachableCommit(repository, sha);
  }
  return {
    importPath: target.importPath,
    upstream,
    repository,
    repositoryUrl: target.repositoryUrl,
    ref: resolved.ref,
    sha,
    kind: resolved.kind,
    warnings,
    notes,
    via: 'git',
  };
}

async function resolveInMirror(
  mirror: NetworkMirror,
  fork: MirroredRepository,
  refs: MirrorRef[],
  ref: string,
  where: string,
  options: GitPinOptions,
): Promise<ResolvedRef & { warning?: string }> {
  if (FULL_SHA.test(ref)) {
    if (!(await mirror.hasCommit(ref)) && !options.offline) await mirror.fetchCommit(fork.url, ref);
    // Offline, a full SHA the copy lacks may be newer than the copy: pinThroughGit writes it with a warning.
    if (options.offline) return { ref, sha: ref, kind: 'sha' };
    if (!(await mirror.hasCommit(ref)))
      throw new UserError(`${where} has no commit ${ref} that git can fetch: check the SHA and the repository`);
    return { ref, sha: ref, kind: 'sha' };
  }
  const source = mirrorRefs(mirror, refs, where);
  const answer = await lookUpRef(source, ref);
  if (isFound(answer)) return pinned(ref, answer, where, options.keepRef);
  const subjects = answer.kind === 'ambiguous' ? await mirror.subjects(answer.candidates.slice(0, 5)) : undefined;
  throw new UserError(refRefusal(source, ref, answer, subjects));
}

/** How old the copy is, for a line: "last fetched 26 hours ago". */
function copyAge(mirror: NetworkMirror): string {
  const fetched = mirror.lastFetched;
  if (!fetched) return 'never fetched';
  const minutes = Math.max(0, Math.round((Date.now() - fetched.getTime()) / 60_000));
  const ago =
    minutes < 120
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / 1440)} days`;
  return `last fetched ${ago} ago, at ${fetched.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
