import { githubRepositoryOfUrl } from '../manifest/import-path.js';
import { UserError } from '../errors.js';
import type { GitHubCache } from '../github/cache.js';
import type { GitHubClient, PullRequestInfo } from '../github/client.js';
import {
  FULL_SHA,
  fullName,
  parseRepository,
  repoId,
  repoKey,
  repositoryUrl,
  sameRepo,
  type ForkSpec,
  type RepoId,
} from './fork-spec.js';
import { GitHubUnavailable } from '../github/errors.js';
import { NetworkMirror } from '../git/network-mirror.js';
import { readTreeListing, writeTreeListing } from '../fs/tree-cache.js';
import { resolveBatch, type BatchAnswer, type BatchItem, type BatchOptions } from './batch.js';
import { driftThroughGit, type GitDrift } from './git-drift.js';
import { ApiCannotTell, githubRefs, isFound, lookUpRef, pinned, refRefusal } from './ref-lookup.js';
import { pinThroughGit as resolveThroughGit } from './git-pin.js';
import { assessMove, githubHistory, gitHistory, type MoveAssessment, type PinSide } from './move.js';
import { UnreachableCommit } from './unreachable-commit.js';
import { repositoryOf, upstreamOf, type GoGetFetcher } from './upstream.js';
import type { Entry } from '../manifest/entry.js';
import type { ForkBase, ForkBranches, Pin, ResolvedRef } from './pin.js';
import type { DependencyFiles } from '../manifest/dependency-fork.js';

export type { ForkBase, ForkBranches, Pin, RefKind, ResolvedRef } from './pin.js';

export interface ResolverOptions {
  client?: GitHubClient;
  cache: GitHubCache;
  offline: boolean;
  /** The host of repository URLs the client answers for. */
  webHost: string;
  goGet?: GoGetFetcher;
  strict?: boolean;
  keepRef?: boolean;
  /** A token is set, so GraphQL can be asked. */
  graphql?: boolean;
  /** For the cache directory of git's copies of fork networks (XDG_CACHE_HOME). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Turns what a person types into a pin vndr can check out years later: the
 * full SHA, in a repository that is a fork of the upstream, on a commit a
 * branch or tag of that fork still holds.
 */
export class Resolver {
  constructor(private readonly options: ResolverOptions) {}

  /** The host of the repository URLs this resolver answers for. */
  get webHost(): string {
    return this.options.webHost;
  }

  private get client(): GitHubClient {
    if (!this.options.client)
      throw new UserError('this needs GitHub, and --offline is set: drop --offline, or give a full 40-character SHA');
    return this.options.client;
  }

  private commitKey(repo: RepoId, sha: string): string {
    return `${repoKey(repo)}@${sha}`;
  }

  /** The upstream repository of an import path, with GitHub's renames followed when online. */
  async upstream(importPath: string): Promise<RepoId> {
    return this.canonical(await this.upstreamAsNamed(importPath));
  }

  /** Follows a rename (docker/swarmkit → moby/swarmkit) when online; as is offline. */
  async canonical(id: RepoId): Promise<RepoId> {
    if (this.options.offline || !this.options.client) return id;
    const info = await this.client.repository(id);
    if (!info) throw new UserError(`${id.host}/${fullName(id)} does not exist, or is private: check the name`);
    const renamed = repoId(id.host, info.fullName);
    this.options.cache.setNetwork(repoKey(renamed), info.source);
    return renamed;
  }

  async resolveRef(repo: RepoId, ref: string): Promise<ResolvedRef & { warning?: string }> {
    const where = `${repo.host}/${fullName(repo)}`;
    if (FULL_SHA.test(ref)) {
      if (this.options.cache.hasCommit(this.commitKey(repo, ref)) || this.options.offline)
        return { ref, sha: ref, kind: 'sha' };
      const found = await this.client.commitSha(repo, ref);
      if (found !== ref) throw new UserError(`${where} has no commit ${ref}: check the SHA and the repository`);
      this.options.cache.addCommit(this.commitKey(repo, ref));
      return { ref, sha: ref, kind: 'sha' };
    }
    if (this.options.offline) {
      throw new UserError(
        `${ref} in ${where} can only be resolved on GitHub, and --offline is set: give a full 40-character SHA, or drop --offline`,
      );
    }
    const source = githubRefs(this.client, repo, where, ref);
    const answer = await lookUpRef(source, ref);
    // A hex-looking name: GitHub cannot say whether a commit also starts with it, and git's copy can.
    if (answer.kind === 'undecided') throw new ApiCannotTell(refRefusal(source, ref, answer));
    if (!isFound(answer)) throw new UserError(refRefusal(source, ref, answer));
    if (answer.kind !== 'tag') this.options.cache.addCommit(this.commitKey(repo, answer.sha));
    return pinned(ref, answer, where, this.options.keepRef);
  }

  /** The root of a repository's fork network, owner/repo. */
  async networkOf(repo: RepoId): Promise<string | undefined> {
    const key = repoKey(repo);
    const cached = this.options.cache.network(key);
    if (cached || this.options.offline) return cached;
    const info = await this.client.repository(repo);
    if (!info) throw new UserError(`${repo.host}/${fullName(repo)} does not exist, or is private: check the name`);
    this.options.cache.setNetwork(key, info.source);
    return info.source;
  }

  /**
   * Whether a branch or tag of `repo` contains `sha`. Any commit of a network
   * can be read through any of its repositories, so a 200 proves nothing;
   * `compare BRANCH...SHA` answering behind or identical does.
   */
  async reachable(repo: RepoId, sha: string): Promise<{ reachable: boolean; via?: string }> {
    const info = await this.client.repository(repo);
    const branches = await this.client.branches(repo);
    const ordered = [...branches].sort(
      (a, b) => Number(b.name === info?.defaultBranch) - Number(a.name === info?.defaultBranch),
    );
    for (const branch of ordered) if (branch.sha === sha) return { reachable: true, via: `branch ${branch.name}` };
    for (const branch of ordered.slice(0, 20)) {
      const comparison = await this.client.compare(repo, branch.sha, sha);
      if (comparison && (comparison.status === 'behind' || comparison.status === 'identical'))
        return { reachable: true, via: `branch ${branch.name}` };
    }
    const tags = await this.client.tags(repo);
    for (const tag of tags) if (tag.sha === sha) return { reachable: true, via: `tag ${tag.name}` };
    for (const tag of tags.slice(0, 10)) {
      const comparison = await this.client.compare(repo, tag.sha, sha);
      if (comparison && (comparison.status === 'behind' || comparison.status === 'identical'))
        return { reachable: true, via: `tag ${tag.name}` };
    }
    return { reachable: false };
  }

  /** The newest tag of `repo` that sorts after `current` as a version, if `current` is a version tag. */
  async newerTag(repo: RepoId, current: string): Promise<string | undefined> {
    if (!parseVersion(current)) return undefined;
    return newestTagAfter(
      (await this.client.tags(repo)).map((tag) => tag.name),
      current,
    );
  }

  /** A pull request on GitHub's API; undefined when there is none. Throws GitHubUnavailable when the API cannot answer. */
  async pullRequest(repo: RepoId, number: number): Promise<PullRequestInfo | undefined> {
    return this.client.pullRequest(repo, number);
  }

  /** Whether `batch` can ask GraphQL (it needs a token). */
  get batches(): boolean {
    return this.options.graphql === true && this.options.client !== undefined;
  }

  /** Many entries in one GraphQL request; see resolveBatch. */
  async batch(items: BatchItem[], options: Omit<BatchOptions, 'graphql'>): Promise<BatchAnswer[]> {
    return resolveBatch(items, this.client, this.options.cache, { ...options, graphql: this.batches });
  }

  /** The upstream as the import path names it, before any rename is followed (no request). */
  async upstreamAsNamed(importPath: string): Promise<RepoId> {
    const id = (await this.repositoryOf(importPath)).repository;
    return { ...id, host: this.options.webHost === 'github.com' ? id.host : this.options.webHost };
  }

  /** The import path of the repository's root: `example.org/proj` for `example.org/proj/sub` (go-import's prefix). */
  async importRoot(importPath: string): Promise<string> {
    return (await this.repositoryOf(importPath)).importRoot;
  }

  private readonly repositories = new Map<string, ReturnType<typeof repositoryOf>>();

  /** One ?go-get=1 lookup per import path and run, however many times resolution asks. */
  private repositoryOf(importPath: string): ReturnType<typeof repositoryOf> {
    let found = this.repositories.get(importPath);
    if (!found) {
      found = repositoryOf(importPath, { offline: this.options.offline, goGet: this.options.goGet });
      found.catch(() => this.repositories.delete(importPath));
      this.repositories.set(importPath, found);
    }
    return found;
  }

  /** How far a fork commit is from upstream's default branch. */
  async aheadBehind(upstream: RepoId, fork: RepoId, sha: string, knownDefaultBranch?: string) {
    let defaultBranch = knownDefaultBranch;
    if (!defaultBranch) {
      const info = await this.client.repository(upstream);
      if (!info) throw new UserError(`${upstream.host}/${fullName(upstream)} does not exist, or is private`);
      defaultBranch = info.defaultBranch;
    }
    const comparison = await this.client.compare(upstream, defaultBranch, `${fork.owner}:${sha}`);
    return comparison ? { ...comparison, defaultBranch } : undefined;
  }

  /**
   * status's questions for a fork entry (its commit, drift, reachability) from git's copy of the network,
   * for when GitHub's API cannot answer.
   */
  async driftThroughGit(
    importPath: string,
    forkUrl: string,
    ref: string,
  ): Promise<GitDrift & { upstream: RepoId; fork: RepoId }> {
    const upstream = await this.upstreamAsNamed(importPath);
    const fork = parseRepository(forkUrl);
    const mirror = NetworkMirror.of(repoKey(upstream), this.options.env ?? {});
    const found = await driftThroughGit(mirror, upstream, { ...fork, url: forkUrl }, ref, this.options.offline);
    return { ...found, upstream, fork };
  }

  /** An upstream's tags from git ls-remote (no API), for status --all when GitHub's API cannot answer. */
  async upstreamTagsThroughGit(importPath: string): Promise<{ upstream: RepoId; tags: string[] }> {
    const upstream = await this.upstreamAsNamed(importPath);
    const mirror = NetworkMirror.of(repoKey(upstream), this.options.env ?? {});
    const origin = { url: repositoryUrl(upstream), key: repoKey(upstream) };
    const refs = this.options.offline ? await mirror.listRefs(origin) : (await mirror.lsRemote(origin.url)).refs;
    return { upstream, tags: refs.filter((r) => r.name.startsWith('tags/')).map((r) => r.name.slice('tags/'.length)) };
  }

  /** A local mirror (--allow-file-urls): nothing to ask GitHub, so the ref must already be a full SHA. */
  private async pinFileUrl(importPath: string, url: string, ref: string | undefined): Promise<Pin> {
    if (!ref || !FULL_SHA.test(ref)) {
      throw new UserError(
        `${url}: a file URL cannot be resolved on GitHub, so give the commit as a full 40-character SHA (${url}@SHA)`,
      );
    }
    const upstream = await upstreamOf(importPath, { offline: true, goGet: this.options.goGet }).catch(() => ({
      host: 'file',
      owner: '',
      repo: url,
    }));
    return {
      importPath,
      upstream,
      repository: { host: 'file', owner: '', repo: url },
      repositoryUrl: url,
      ref,
      sha: ref,
      kind: 'sha',
      warnings: [`${url} is a local path: the pin works only on machines that have it`],
    };
  }

  /**
   * Resolves `set IMPORT_PATH SPEC` against the entry as it is now: on GitHub's API, or through git when
   * the API cannot answer, when the fork is on another host, or with --offline once git has a copy.
   */
  async pin(importPath: string, spec: ForkSpec, current: Entry | undefined): Promise<Pin> {
    if (spec.fileUrl) return this.pinFileUrl(importPath, spec.fileUrl, spec.ref);
    const gitOnly = await this.gitOnly(importPath, spec, current);
    if (gitOnly) return this.pinThroughGit(importPath, spec, current, [gitOnly]);
    try {
      return await this.pinThroughApi(importPath, spec, current);
    } catch (error) {
      if (error instanceof ApiCannotTell && !this.options.offline)
        return this.pinThroughGit(importPath, spec, current, [
          `GitHub's API cannot tell a name from the start of a commit id (${spec.ref}): resolved through git instead`,
        ]);
      if (!(error instanceof GitHubUnavailable) || this.options.offline) throw error;
      return this.pinThroughGit(importPath, spec, current, [
        `GitHub's API could not answer (${error.summary}): resolved through git instead`,
      ]);
    }
  }

  /**
   * What moving `current` to `pin` drops and changes underneath (move.ts): from GitHub, else from git's
   * copy of the network when the pin came through git or the API cannot answer. Undefined when nothing
   * can tell: offline, with no copy.
   */
  async assessMove(
    importPath: string,
    current: Entry,
    pin: Pin,
    projectPins: Map<string, string>,
    files: DependencyFiles,
  ): Promise<MoveAssessment | undefined> {
    if (!pin.sha) return undefined;
    const to: PinSide = {
      repository: pin.repository,
      url: pin.repositoryUrl ?? repositoryUrl(pin.repository),
      ref: pin.ref,
      sha: pin.sha,
    };
    const upstream = pin.via === 'github' ? pin.upstream : await this.upstreamAsNamed(importPath);
    return this.assess(
      importPath,
      await this.sideOf(importPath, current, upstream),
      to,
      projectPins,
      files,
      pin.via !== 'github',
    );
  }

  /** The same for an entry edited by hand (sync): from its old line to its new one. */
  async assessEntryMove(
    importPath: string,
    from: Pick<Entry, 'ref' | 'repository'>,
    to: Pick<Entry, 'ref' | 'repository'>,
    projectPins: Map<string, string>,
    files: DependencyFiles,
  ): Promise<MoveAssessment | undefined> {
    const upstream = await this.upstreamAsNamed(importPath);
    const [fromSide, toSide] = [
      await this.sideOf(importPath, from, upstream),
      await this.sideOf(importPath, to, upstream),
    ];
    return this.assess(importPath, fromSide, toSide, projectPins, files, false);
  }

  /** The repository an entry clones, and its ref: the third field's, else the upstream's. */
  private async sideOf(
    importPath: string,
    entry: Pick<Entry, 'ref' | 'repository'>,
    upstream: RepoId,
  ): Promise<PinSide> {
    const github = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
    const repository = entry.repository
      ? github
        ? repoId(this.options.webHost, github)
        : parseRepository(entry.repository)
      : upstream;
    return { repository, url: entry.repository ?? repositoryUrl(upstream), ref: entry.ref };
  }

  private async assess(
    importPath: string,
    from: PinSide,
    to: PinSide,
    projectPins: Map<string, string>,
    files: DependencyFiles,
    throughGitFirst: boolean,
  ): Promise<MoveAssessment | undefined> {
    const mirror = NetworkMirror.of(repoKey(await this.upstreamAsNamed(importPath)), this.options.env ?? {});
    const throughGit = () =>
      this.options.offline && !mirror.exists
        ? undefined
        : assessMove(gitHistory(mirror, { offline: this.options.offline }), from, to, projectPins, files);
    if (throughGitFirst || !this.options.client) return throughGit();
    try {
      return await assessMove(githubHistory(this.options.client), from, to, projectPins, files);
    } catch (error) {
      if (error instanceof GitHubUnavailable) return throughGit();
      throw error;
    }
  }

  /**
   * Where a fork entry left upstream, for `reset` without a ref: the fork's commit, its merge base with
   * upstream's default branch, and whether it is in that branch already. From GitHub's compare, else from
   * git's copy of the network (GitHub cannot answer, the fork is on another host, or --offline with a copy).
   */
  async basedOn(importPath: string, entry: Entry): Promise<ForkBase> {
    const forkName = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
    const upstreamAsNamed = await this.upstreamAsNamed(importPath);
    const mirror = NetworkMirror.of(repoKey(upstreamAsNamed), this.options.env ?? {});
    if (!forkName || this.options.offline) {
      if (this.options.offline && !mirror.exists)
        throw new UserError('finding the commit the fork was based on needs GitHub: give the ref, or drop --offline');
      const why = this.options.offline
        ? `--offline: found from vendorfork's copy of ${fullName(upstreamAsNamed)}'s network`
        : `${entry.repository} is not on ${this.options.webHost}: found through git`;
      return this.basedOnThroughGit(mirror, upstreamAsNamed, entry, [why]);
    }
    try {
      const upstream = await this.upstream(importPath);
      const fork = await this.canonical(repoId(upstream.host, forkName));
      const forkCommit = (await this.resolveRef(fork, entry.ref)).sha!;
      const comparison = await this.aheadBehind(upstream, fork, forkCommit);
      if (!comparison)
        throw new UserError(
          `${fullName(fork)} and ${fullName(upstream)} share no history: give the upstream ref to use`,
        );
      return {
        upstream,
        fork,
        forkCommit,
        mergeBase: comparison.mergeBase,
        defaultBranch: comparison.defaultBranch,
        aheadBy: comparison.aheadBy,
        merged: comparison.status === 'behind' || comparison.status === 'identical',
        notes: [],
      };
    } catch (error) {
      if (!(error instanceof GitHubUnavailable)) throw error;
      return this.basedOnThroughGit(mirror, upstreamAsNamed, entry, [
        `GitHub's API could not answer (${error.summary}): found through git instead`,
      ]);
    }
  }

  private async basedOnThroughGit(
    mirror: NetworkMirror,
    upstream: RepoId,
    entry: Entry,
    notes: string[],
  ): Promise<ForkBase> {
    const offline = this.options.offline;
    const forkSide = await this.sideOf('', entry, upstream);
    const origin = { url: repositoryUrl(upstream), key: repoKey(upstream) };
    const history = gitHistory(mirror, { offline });
    const forkCommit = await history.commitOf(forkSide);
    if (!forkCommit)
      throw new UserError(
        `${entry.repository} has no commit, tag or branch ${entry.ref} that git can reach: check the entry`,
      );
    const remote = offline ? undefined : await mirror.lsRemote(origin.url);
    if (!offline) await mirror.fetch(origin);
    const heads = (await mirror.listRefs(origin)).filter((r) => r.name.startsWith('heads/'));
    const defaultBranch =
      remote?.defaultBranch ?? ['master', 'main'].find((name) => heads.some((h) => h.name === `heads/${name}`));
    const head = heads.find((h) => h.name === `heads/${defaultBranch}`);
    if (!defaultBranch || !head)
      throw new UserError(
        `the default branch of ${fullName(upstream)} is not known here: give the upstream ref to use`,
      );
    const mergeBase = await mirror.mergeBase(forkCommit, [head.commit]);
    if (!mergeBase)
      throw new UserError(
        `${fullName(forkSide.repository)} and ${fullName(upstream)} share no history: give the upstream ref to use`,
      );
    const ahead = await mirror.commitsMissing(forkCommit, head.commit);
    return {
      upstream,
      fork: forkSide.repository,
      forkCommit,
      mergeBase,
      defaultBranch,
      aheadBy: ahead.length,
      merged: mergeBase === forkCommit,
      notes,
    };
  }

  /**
   * The fork's branches that contain the entry's pinned commit, for `update`: from GitHub (each branch's
   * tip, else a compare of it with the commit), else from git's copy of the network (GitHub cannot answer,
   * the fork is on another host, or --offline with a copy).
   */
  async forkBranches(importPath: string, entry: Entry): Promise<ForkBranches> {
    const forkName = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
    if (forkName && !this.options.offline) {
      try {
        const fork = await this.canonical(repoId(this.options.webHost, forkName));
        const sha = (await this.resolveRef(fork, entry.ref)).sha!;
        const containing: string[] = [];
        for (const branch of await this.client.branches(fork)) {
          const comparison = branch.sha === sha ? undefined : await this.client.compare(fork, branch.sha, sha);
          if (branch.sha === sha || comparison?.status === 'behind' || comparison?.status === 'identical')
            containing.push(branch.name);
        }
        return { fork, sha, containing: containing.sort(), via: 'github' };
      } catch (error) {
        if (!(error instanceof GitHubUnavailable)) throw error;
      }
    }
    const upstream = await this.upstreamAsNamed(importPath);
    const mirror = NetworkMirror.of(repoKey(upstream), this.options.env ?? {});
    if (this.options.offline && !mirror.exists)
      throw new UserError(
        `finding the fork's branch needs GitHub or git, and --offline is set with no copy of ${fullName(upstream)}'s network: name the branch, or drop --offline`,
      );
    const side = await this.sideOf(importPath, entry, upstream);
    const sha = await gitHistory(mirror, { offline: this.options.offline }).commitOf(side);
    if (!sha)
      throw new UserError(
        `${entry.repository} has no commit, tag or branch ${entry.ref} that git can reach: check the entry`,
      );
    const refs = await mirror.containing({ url: side.url, key: repoKey(side.repository) }, sha);
    const containing = refs.filter((name) => name.startsWith('heads/')).map((name) => name.slice('heads/'.length));
    return { fork: side.repository, sha, containing: containing.sort(), via: 'git' };
  }

  /**
   * Keeps the pinned commit's tree listing in verify's cache, from whoever resolved the pin (one API
   * request, or ls-tree in git's copy), so that check --staged can compare the next commit's vendored
   * files with it offline. Best effort: without it, the check says what it could not compare.
   */
  async cacheTree(importPath: string, pin: Pin): Promise<void> {
    const env = this.options.env ?? {};
    if (!pin.sha || readTreeListing(env, pin.sha) !== undefined) return;
    try {
      const listing =
        pin.via === 'github' && this.options.client
          ? await this.options.client.treeListing(pin.repository, pin.sha)
          : pin.via === 'git'
            ? await NetworkMirror.of(repoKey(await this.upstreamAsNamed(importPath)), env).treeListing(pin.sha)
            : undefined;
      if (listing) writeTreeListing(env, pin.sha, listing);
    } catch {
      // the check says what it could not compare
    }
  }

  /** Why only git can resolve this pin, if so: a fork on another host, or --offline with git's copy at hand. */
  private async gitOnly(importPath: string, spec: ForkSpec, current: Entry | undefined): Promise<string | undefined> {
    const webHost = this.options.webHost.toLowerCase();
    const forkHost = spec.repository
      ? spec.repository.host
      : current?.repository && !githubRepositoryOfUrl(current.repository)
        ? hostOfUrl(current.repository)
        : undefined;
    if (forkHost && forkHost.toLowerCase() !== webHost)
      return `${forkHost} is not ${webHost}, whose API vendorfork asks: resolved through git`;
    if (this.options.offline && this.options.env) {
      const upstream = await this.upstreamAsNamed(importPath);
      if (NetworkMirror.of(repoKey(upstream), this.options.env).exists)
        return `--offline: resolved from vendorfork's copy of ${fullName(upstream)}'s network, as the last run without --offline left it`;
    }
    return undefined;
  }

  private async pinThroughGit(
    importPath: string,
    spec: ForkSpec,
    current: Entry | undefined,
    notes: string[],
  ): Promise<Pin> {
    // No renames without the API: git follows GitHub's redirects for the old name by itself.
    const upstream = await this.upstreamAsNamed(importPath);
    const chosen = await chooseRepository(spec, current, upstream, this.options.webHost, async (id) => id);
    return resolveThroughGit(
      { importPath, upstream, ...chosen, ...(spec.ref !== undefined ? { ref: spec.ref } : {}) },
      {
        env: this.options.env ?? {},
        offline: this.options.offline,
        ...(this.options.strict !== undefined ? { strict: this.options.strict } : {}),
        ...(this.options.keepRef !== undefined ? { keepRef: this.options.keepRef } : {}),
      },
      notes,
    );
  }

  private async pinThroughApi(importPath: string, spec: ForkSpec, current: Entry | undefined): Promise<Pin> {
    const warnings: string[] = [];
    const upstream = await this.upstream(importPath);
    const { repository, repositoryUrl: repositoryUrlToWrite } = await chooseRepository(
      spec,
      current,
      upstream,
      this.options.webHost,
      (id) => this.canonical(id),
    );

    let ref = spec.ref;
    if (ref === undefined) {
      const info = await this.client.repository(repository);
      ref = info!.defaultBranch;
    }
    const resolved = await this.resolveRef(repository, ref);
    if (resolved.warning) warnings.push(resolved.warning);

    const isFork = !sameRepo(repository, upstream);
    if (isFork && !this.options.offline) {
      const [forkNetwork, upstreamNetwork] = [await this.networkOf(repository), await this.networkOf(upstream)];
      if (forkNetwork?.toLowerCase() !== upstreamNetwork?.toLowerCase()) {
        const message = `${fullName(repository)} is not a fork of ${fullName(upstream)} (its network is ${forkNetwork}, upstream's is ${upstreamNetwork})`;
        if (this.options.strict) throw new UserError(`${message}: refused under --strict`);
        warnings.push(message);
      }
    }
    if (resolved.kind === 'sha' && resolved.sha && !this.options.offline) {
      const reach = await this.reachable(repository, resolved.sha);
      if (!reach.reachable) throw new UnreachableCommit(repository, resolved.sha);
    }
    return {
      importPath,
      upstream,
      repository,
      repositoryUrl: repositoryUrlToWrite,
      ref: resolved.ref,
      ...(resolved.sha ? { sha: resolved.sha } : {}),
      kind: resolved.kind,
      warnings,
      ...(this.options.offline ? {} : { via: 'github' as const }),
    };
  }
}

/** The highest release tag above `current`, when `current` is a version tag; pre-releases (v2.0.0-rc1) are not offered. */
export function newestTagAfter(tags: string[], current: string): string | undefined {
  const version = parseVersion(current);
  if (!version) return undefined;
  let best: { name: string; version: number[] } | undefined;
  for (const name of tags) {
    const v = parseVersion(name);
    if (!v || /-/.test(name)) continue;
    if (compareVersions(v, version) > 0 && (!best || compareVersions(v, best.version) > 0)) best = { name, version: v };
  }
  return best?.name;
}

function parseVersion(tag: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(tag);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Which repository a pin clones, and what vendor.conf's third field says for it: the spec's repository
 * (none when it is the upstream), else the fork the entry already names (its URL kept as the file has
 * it), else the upstream. `canonical` follows renames when GitHub can be asked.
 */
async function chooseRepository(
  spec: ForkSpec,
  current: Entry | undefined,
  upstream: RepoId,
  webHost: string,
  canonical: (id: RepoId) => Promise<RepoId>,
): Promise<{ repository: RepoId; repositoryUrl: string | null; url: string }> {
  const currentFork = current?.repository ? githubRepositoryOfUrl(current.repository) : undefined;
  if (spec.repository) {
    const repository = await canonical(spec.repository);
    if (sameRepo(repository, upstream)) return { repository, repositoryUrl: null, url: repositoryUrl(upstream) };
    const sameFork =
      current?.repository && currentFork && currentFork.toLowerCase() === fullName(spec.repository).toLowerCase();
    // Same fork, new ref: keep the URL exactly as the file has it.
    const written = sameFork
      ? current.repository!
      : repositoryUrl(repository, { gitSuffix: spec.repository.gitSuffix });
    return { repository, repositoryUrl: written, url: written };
  }
  if (current?.repository) {
    const repository = currentFork
      ? await canonical(repoId(webHost, currentFork))
      : parseRepository(current.repository);
    return { repository, repositoryUrl: current.repository, url: current.repository };
  }
  return { repository: upstream, repositoryUrl: null, url: repositoryUrl(upstream) };
}

function hostOfUrl(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url)?.[1];
}
