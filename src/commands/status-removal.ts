import { UserError } from '../errors.js';
import { NetworkMirror, type MirroredRepository } from '../git/network-mirror.js';
import type { ManifestFormat } from '../manifest/format.js';
import { fullName, repoId, repoKey, repositoryUrl, type RepoId } from '../resolve/fork-spec.js';
import type { Resolver } from '../resolve/resolver.js';
import { plural } from '../text/plural.js';
import { shortName, type PullRequestEvidence, type Removal, type StatusRow } from './status-row.js';

export type { PullRequestEvidence, Removal } from './status-row.js';
import type { Entry } from '../manifest/entry.js';

interface Context {
  text: string;
  entries: Entry[];
  format: ManifestFormat;
  resolver: Resolver;
  env: NodeJS.ProcessEnv;
}

/** Gives each fork row whose drift is known its `removal`. Kept apart from status.ts's verdicts. */
export async function addRemovals(rows: StatusRow[], context: Context): Promise<void> {
  const lines = context.text.split(/\r?\n/);
  for (const row of rows) {
    if (!row.sha || !row.upstream || !row.fork || row.aheadBy === undefined) continue;
    const entry = context.entries.find((e) => e.line === row.line);
    if (!entry?.repository) continue;
    row.removal = await removalOf(row, lines[row.line - 1] ?? '', context);
  }
}

async function removalOf(row: StatusRow, lineText: string, context: Context): Promise<Removal> {
  const { resolver, format } = context;
  const name = shortName(row.importPath);
  const upstream = await resolver.upstreamAsNamed(row.importPath);
  const copy = upstreamCopy(upstream, context.env);
  const merged = { ready: row.aheadBy === 0, defaultBranch: row.defaultBranch, aheadBy: row.aheadBy };
  const named = pullRequestIn(lineText, format, resolver.webHost);
  const pullRequest = named ? await pullRequestEvidence(named, resolver, copy, row.defaultBranch) : undefined;
  // The commit a release must contain: the pin itself once upstream has it, else what the pull request's merge made.
  const landed = merged.ready
    ? row.sha!
    : pullRequest?.state === 'merged'
      ? (pullRequest.mergeCommit ?? pullRequest.headSha)
      : undefined;
  let release: Removal['release'];
  let releaseDetail: string | undefined;
  if (landed) {
    try {
      const tag = await firstRelease(copy, landed, (tags) => format.removal.firstRelease(tags, row.importPath));
      if (tag) release = { tag, commit: landed };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      releaseDetail = `could not look for a release: ${error.message}`;
    }
  }
  const removal: Removal = {
    ready: false,
    merged,
    ...(pullRequest ? { pullRequest } : {}),
    ...(release ? { release } : {}),
    ...(releaseDetail ? { releaseDetail } : {}),
    summary: '',
  };
  const reset = (ref?: string) => `vendorfork reset ${name}${ref ? ` ${ref}` : ''}`;
  const upstreamName = row.upstream!;
  if (release) {
    removal.because = 'release';
    removal.command = reset(format.removal.refForRelease(context.text, row.importPath, release.tag));
    removal.summary = `can go: ${upstreamName} released it in ${release.tag}`;
  } else if (merged.ready) {
    removal.because = 'merged';
    removal.command = reset(format.removal.refForMerged(row.sha!));
    removal.summary = `can go: ${upstreamName}'s ${merged.defaultBranch} has its commits (no release has them yet)`;
  } else if (pullRequest && (pullRequest.state === 'merged' || pullRequest.state === 'closed')) {
    removal.because = 'pull-request';
    const landedAt = pullRequest.mergeCommit ?? (pullRequest.via === 'git' ? pullRequest.headSha : undefined);
    removal.command = reset(pullRequest.state === 'merged' ? landedAt : undefined);
    removal.summary =
      pullRequest.state === 'merged'
        ? `can go: ${pullRequest.name} was merged${pullRequest.via === 'git' ? ` (${pullRequest.detail})` : ''}`
        : `can go: ${pullRequest.name} was closed without being merged, so upstream will not take the fork's change as it is`;
  }
  if (removal.command) {
    removal.ready = true;
    removal.summary += `: run ${removal.command}`;
    return removal;
  }
  const ways = [
    ...(pullRequest
      ? [`${pullRequest.name} is merged or closed (${pullRequest.state === 'open' ? 'open now' : pullRequest.detail})`]
      : []),
    `${upstreamName}'s ${merged.defaultBranch} has its ${plural(row.aheadBy!, 'commit')}`,
    `a release of ${upstreamName} has ${row.aheadBy === 1 ? 'it' : 'them'}`,
  ];
  removal.summary = `can go once ${ways.join(', or once ')}${pullRequest ? '' : " (a pull request URL in the line's comment is followed too)"}`;
  return removal;
}

/** The first pull request URL in the line's comment (`# …` in vendor.conf, `// …` in a module file). */
function pullRequestIn(
  lineText: string,
  format: ManifestFormat,
  webHost: string,
): { repository: RepoId; number: number; url: string } | undefined {
  const at = lineText.indexOf(format.commentMarker);
  if (at < 0) return undefined;
  const host = webHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`https?://${host}/([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+)/pull/(\\d+)`).exec(lineText.slice(at));
  if (!found) return undefined;
  return { repository: repoId(webHost, `${found[1]}/${found[2]}`), number: Number(found[3]), url: found[0] };
}

/**
 * GitHub's word when its API answers (merged, closed, open). Else git's, which can honestly tell only one
 * thing: upstream's default branch contains the pull request's head commit (GitHub serves it as
 * refs/pull/N/head), so it was merged. A head that is not there may be open, closed, or squashed or
 * rebased in under other commits: git cannot tell which, and the state says unknown.
 */
async function pullRequestEvidence(
  pr: { repository: RepoId; number: number; url: string },
  resolver: Resolver,
  copy: UpstreamCopy,
  defaultBranch: string | undefined,
): Promise<PullRequestEvidence> {
  const base = { url: pr.url, name: `${fullName(pr.repository)}#${pr.number}` };
  try {
    const info = await resolver.pullRequest(pr.repository, pr.number);
    if (!info) return { ...base, state: 'unknown', via: 'github', detail: `GitHub has no ${base.name}` };
    return {
      ...base,
      state: info.state,
      via: 'github',
      headSha: info.headSha,
      ...(info.mergeCommit ? { mergeCommit: info.mergeCommit } : {}),
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const via = 'git' as const;
  try {
    const head = await copy.mirror.pullHead(
      { url: repositoryUrl(pr.repository), key: repoKey(pr.repository) },
      pr.number,
      { offline: false },
    );
    if (!head)
      return {
        ...base,
        state: 'unknown',
        via,
        detail: `${repositoryUrl(pr.repository)} serves no refs/pull/${pr.number}/head`,
      };
    const branch = await copy.defaultHead(defaultBranch);
    const detail = `${branch.name} ${(await copy.mirror.isAncestor(head, branch.commit)) ? 'contains' : 'lacks'} its head commit ${head.slice(0, 12)}`;
    if (detail.includes('contains')) return { ...base, state: 'merged', via, headSha: head, detail: `git: ${detail}` };
    return {
      ...base,
      state: 'unknown',
      via,
      headSha: head,
      detail: `git: ${detail}; open, closed, or squashed in: git cannot tell which`,
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, state: 'unknown', via, detail: `neither GitHub's API nor git could tell: ${error.message}` };
  }
}

interface UpstreamCopy {
  mirror: NetworkMirror;
  origin: MirroredRepository;
  /** Fetches upstream's branches and tags into the mirror, once. */
  fetched(): Promise<void>;
  /** Upstream's default branch in the mirror: the one GitHub named, else master or main. */
  defaultHead(known: string | undefined): Promise<{ name: string; commit: string }>;
}

/** git's copy of the upstream, in the network's mirror that set and reset use: fetched when first needed. */
function upstreamCopy(upstream: RepoId, env: NodeJS.ProcessEnv): UpstreamCopy {
  const mirror = NetworkMirror.of(repoKey(upstream), env);
  const origin = { url: repositoryUrl(upstream), key: repoKey(upstream) };
  let fetching: Promise<void> | undefined;
  const fetched = () => (fetching ??= mirror.fetch(origin));
  return {
    mirror,
    origin,
    fetched,
    async defaultHead(known) {
      await fetched();
      const heads = (await mirror.listRefs(origin)).filter((r) => r.name.startsWith('heads/'));
      const name = known ?? ['master', 'main'].find((n) => heads.some((h) => h.name === `heads/${n}`));
      const head = heads.find((h) => h.name === `heads/${name}`);
      if (!name || !head) throw new UserError(`the default branch of ${fullName(upstream)} is not known here`);
      return { name: `${fullName(upstream)}'s ${name}`, commit: head.commit };
    },
  };
}

/** The first release (as the format tells releases) among upstream's tags that contain the commit (git for-each-ref --contains). */
async function firstRelease(
  copy: UpstreamCopy,
  commit: string,
  releaseOf: (tags: string[]) => string | undefined,
): Promise<string | undefined> {
  await copy.fetched();
  if (!(await copy.mirror.hasCommit(commit))) await copy.mirror.fetchCommit(copy.origin.url, commit);
  const tags = (await copy.mirror.containing(copy.origin, commit))
    .filter((name) => name.startsWith('tags/'))
    .map((name) => name.slice('tags/'.length));
  return releaseOf(tags);
}
