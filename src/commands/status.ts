import { githubRepositoryOfUrl } from '../manifest/import-path.js';
import path from 'node:path';
import { UserError } from '../errors.js';
import { GitHubUnavailable } from '../github/errors.js';
import { decode, readConfText } from '../fs/conf-file.js';
import { dependencyFiles, formatOf, locateManifest } from '../formats/index.js';
import type { ManifestFormat, ToolWords } from '../manifest/format.js';
import { catFileBatch, git, workTreeRoot } from '../git/plumbing.js';
import { droppedSubjects } from '../resolve/move.js';
import { fullName, repoId, type RepoId } from '../resolve/fork-spec.js';
import type { BatchItem, Drift, Reachability } from '../resolve/batch.js';
import { newestTagAfter, type Resolver } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { displayPath } from '../fs/display-path.js';
import { plural } from '../text/plural.js';
import { addRemovals } from './status-removal.js';
import { shortName, type StatusRow } from './status-row.js';
import type { Entry } from '../manifest/entry.js';

export type { StatusRow, Verdict } from './status-row.js';

export interface StatusOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** Non-fork entries too, with whether upstream has a newer tag. */
  all?: boolean;
  githubUrl?: string;
}

export interface StatusResult {
  file: string;
  displayPath: string;
  rows: StatusRow[];
  /** How rows were found when that is worth a line: through git, because GitHub's API could not answer. */
  notes: string[];
}

/**
 * `vendorfork status`: for each entry vendored from a fork, how far it has
 * drifted from upstream's default branch, whether the pinned commit is still
 * on a branch or tag of the fork, and a verdict: merged upstream (reset can
 * drop the fork, at the pinned commit), fork ahead, or unreachable.
 */
export async function status(options: StatusOptions): Promise<StatusResult> {
  const file = locateManifest(options.cwd, options.file);
  const format = await formatOf(file);
  const text = (await readConfText(file)).text;
  const entries = format.entries(text);
  const rows: StatusRow[] = [];
  const notes: string[] = [];
  await withResolver(options, async (resolver) => {
    const orGit = fallBackToGit(notes);
    const batched = resolver.batches
      ? await orGit(
          () => batchedRows(entries, resolver, options, format.words),
          async () => new Map<Line, StatusRow>(),
        )
      : new Map<Line, StatusRow>();
    for (const entry of entries) {
      const base = { importPath: entry.importPath, line: entry.line, ref: entry.ref };
      if (!entry.repository) {
        if (options.all)
          rows.push(
            batched.get(entry.line) ??
              (await orGit(
                () => upstreamRow(resolver, base),
                () => upstreamRowThroughGit(resolver, base),
              )),
          );
        continue;
      }
      const forkName = githubRepositoryOfUrl(entry.repository);
      if (!forkName) {
        rows.push(await foreignRow(base, entry.repository, options.env));
        continue;
      }
      rows.push(
        batched.get(entry.line) ??
          (await orGit(
            () => forkRow(resolver, base, forkName, format.words),
            () => forkRowThroughGit(resolver, base, entry.repository!, format.words),
          )),
      );
    }
    await addReplacedPins(rows, { format, entries, pins: format.pins(text) }, file, resolver, options.env);
    await addRemovals(rows, { text, entries, format, resolver, env: options.env });
  });
  return { file, displayPath: displayPath(options.cwd, file), rows, notes };
}

/**
 * Runs a row's GitHub path, and its git path when GitHub's API cannot answer, with the note set, reset and
 * diff give, once. The client gives up on a silent host once, so the other rows go to git at once.
 */
function fallBackToGit(notes: string[]) {
  return async <T>(api: () => Promise<T>, git: () => Promise<T>): Promise<T> => {
    try {
      return await api();
    } catch (error) {
      if (!(error instanceof GitHubUnavailable)) throw error;
      const note = `GitHub's API could not answer (${error.summary}): found through git instead`;
      if (!notes.includes(note)) notes.push(note);
      return git();
    }
  };
}

/** A fork row from git's copy of the network: the same verdicts, from the same drift and reachability. */
async function forkRowThroughGit(
  resolver: Resolver,
  base: Base,
  forkUrl: string,
  words: ToolWords,
): Promise<StatusRow> {
  try {
    const found = await resolver.driftThroughGit(base.importPath, forkUrl, base.ref);
    return judge(base, fullName(found.upstream), fullName(found.fork), found.sha, found.drift, found.reach, words);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, fork: githubRepositoryOfUrl(forkUrl) ?? forkUrl, verdict: 'missing', detail: error.message };
  }
}

/** An upstream row (--all) from git: a newer tag from ls-remote of the upstream. */
async function upstreamRowThroughGit(resolver: Resolver, base: Base): Promise<StatusRow> {
  try {
    const { upstream, tags } = await resolver.upstreamTagsThroughGit(base.importPath);
    const newer = HEX_REF.test(base.ref) ? undefined : newestTagAfter(tags, base.ref);
    return upstreamVerdict(base, fullName(upstream), newer);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, verdict: 'not-github', detail: error.message };
  }
}

type Base = Pick<StatusRow, 'importPath' | 'line' | 'ref'>;
type Line = number;

/**
 * With a token, every GitHub row from one GraphQL query: the fork's commit,
 * its reachability (a compare per newest branch and tag) and its drift from
 * upstream's default branch. A ref that is not a full SHA takes a second
 * query, since upstream would read a name as its own ref. A row the batch
 * cannot answer in full (a missing repository or ref, or a compare GitHub
 * declines) is left to the REST path, so both paths give the same rows.
 */
async function batchedRows(
  entries: readonly Entry[],
  resolver: Resolver,
  options: StatusOptions,
  words: ToolWords,
): Promise<Map<Line, StatusRow>> {
  const items: (BatchItem & { entry: Entry; fork: boolean })[] = [];
  for (const entry of entries) {
    const forkName = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
    if (entry.repository ? !forkName : !options.all) continue;
    let upstream: RepoId;
    try {
      upstream = await resolver.upstreamAsNamed(entry.importPath);
    } catch (error) {
      if (error instanceof UserError) continue;
      throw error;
    }
    const repository = forkName ? repoId(resolver.webHost, forkName) : upstream;
    items.push({ importPath: entry.importPath, upstream, repository, ref: entry.ref, entry, fork: !!forkName });
  }
  const rows = new Map<Line, StatusRow>();
  if (items.length === 0) return rows;
  const answers = await resolver.batch(items, { reach: true, drift: true, upstreamTags: options.all });
  const again = items.flatMap((item, i) => {
    const sha = answers[i]!.sha;
    return item.fork && sha && sha !== item.ref && !answers[i]!.drift ? [{ i, item: { ...item, ref: sha } }] : [];
  });
  if (again.length > 0) {
    const second = await resolver.batch(
      again.map(({ item }) => item),
      { drift: true },
    );
    second.forEach((answer, k) => {
      const first = answers[again[k]!.i]!;
      if (answer.drift) first.drift = answer.drift;
      if (answer.upstreamDefaultBranch) first.upstreamDefaultBranch = answer.upstreamDefaultBranch;
    });
  }
  for (const [i, item] of items.entries()) {
    const answer = answers[i]!;
    const base = { importPath: item.importPath, line: item.entry.line, ref: item.ref };
    if (!answer.upstreamName) continue;
    if (!item.fork) {
      const newer = HEX_REF.test(base.ref) ? undefined : newestTagAfter(answer.upstreamTags ?? [], base.ref);
      rows.set(base.line, upstreamVerdict(base, answer.upstreamName, newer));
      continue;
    }
    if (!answer.exists || !answer.name || !answer.sha || !answer.reach) continue;
    let drift = answer.drift;
    if (!drift && answer.upstreamDefaultBranch) {
      // GitHub declined the compare in GraphQL: one REST compare, owner:SHA across the network.
      drift = await resolver.aheadBehind(
        repoId(resolver.webHost, answer.upstreamName),
        repoId(resolver.webHost, answer.name),
        answer.sha,
        answer.upstreamDefaultBranch,
      );
    }
    if (drift)
      rows.set(base.line, judge(base, answer.upstreamName, answer.name, answer.sha, drift, answer.reach, words));
  }
  return rows;
}

async function forkRow(resolver: Resolver, base: Base, forkName: string, words: ToolWords): Promise<StatusRow> {
  let upstream: RepoId;
  let fork: RepoId;
  let sha: string;
  try {
    upstream = await resolver.upstream(base.importPath);
    fork = await resolver.canonical(repoId(resolver.webHost, forkName));
    sha = (await resolver.resolveRef(fork, base.ref)).sha!;
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof GitHubUnavailable) throw error;
    return { ...base, fork: forkName, verdict: 'missing', detail: error.message };
  }
  const comparison = await resolver.aheadBehind(upstream, fork, sha);
  const reach = await resolver.reachable(fork, sha);
  if (!comparison)
    return {
      ...base,
      upstream: fullName(upstream),
      fork: fullName(fork),
      sha,
      reachable: reach.reachable,
      ...(reach.via ? { reachableVia: reach.via } : {}),
      verdict: 'missing',
      detail: `${fullName(fork)} shares no history with ${fullName(upstream)}`,
    };
  return judge(base, fullName(upstream), fullName(fork), sha, comparison, reach, words);
}

/** The verdict on a fork pin, from its drift and reachability however they were learnt. */
function judge(
  base: Base,
  upstream: string,
  fork: string,
  sha: string,
  drift: Drift,
  reach: Reachability,
  words: ToolWords,
): StatusRow {
  const row: StatusRow = {
    ...base,
    upstream,
    fork,
    sha,
    defaultBranch: drift.defaultBranch,
    aheadBy: drift.aheadBy,
    behindBy: drift.behindBy,
    reachable: reach.reachable,
    ...(reach.via ? { reachableVia: reach.via } : {}),
    verdict: 'fork-ahead',
  };
  if (drift.aheadBy === 0) {
    // Checked before reachability: once merged, upstream itself holds the commit.
    row.verdict = 'merged-upstream';
    row.advice = `vendorfork reset ${shortName(base.importPath)} ${sha}`;
    row.detail = `the pinned commit is in ${upstream}'s ${drift.defaultBranch}: the fork can go`;
  } else if (!reach.reachable) {
    row.verdict = 'unreachable';
    row.detail = `no branch or tag of ${fork} holds ${sha.slice(0, 12)}: ${words.unreachableStatus}; push a branch that holds it`;
  } else {
    row.detail = `carries ${plural(drift.aheadBy, 'commit')} not in ${upstream}`;
  }
  return row;
}

async function upstreamRow(resolver: Resolver, base: Base): Promise<StatusRow> {
  let upstream: RepoId;
  try {
    upstream = await resolver.upstream(base.importPath);
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof GitHubUnavailable) throw error;
    return { ...base, verdict: 'not-github', detail: error.message };
  }
  const newer = HEX_REF.test(base.ref) ? undefined : await resolver.newerTag(upstream, base.ref);
  return upstreamVerdict(base, fullName(upstream), newer);
}

const HEX_REF = /^[0-9a-f]{7,40}$/;

function upstreamVerdict(base: Base, upstream: string, newer: string | undefined): StatusRow {
  const row: StatusRow = { ...base, upstream, verdict: 'upstream' };
  if (newer) {
    row.verdict = 'newer-tag';
    row.newerTag = newer;
    row.advice = `vendorfork set ${shortName(base.importPath)} @${newer}`;
  }
  return row;
}

/** A fork on a host other than GitHub: git ls-remote says whether the ref is still there; the GitHub columns are n/a. */
async function foreignRow(base: Base, url: string, env: NodeJS.ProcessEnv): Promise<StatusRow> {
  const row: StatusRow = { ...base, fork: url, verdict: 'not-github' };
  const { listRemote } = await import('../git/repository.js');
  try {
    const refs = await listRemote(url, env);
    const hit = refs.find(
      ({ sha, ref }) => sha === base.ref || ref === `refs/tags/${base.ref}` || ref === `refs/heads/${base.ref}`,
    );
    row.reachable = hit !== undefined;
    if (hit) row.reachableVia = hit.ref;
    row.detail = hit ? `${url} has ${hit.ref}` : `${url} has no branch or tag at ${base.ref}`;
  } catch (error) {
    row.detail = `git ls-remote ${url} failed: ${String((error as Error).message).split('\n')[0]}`;
  }
  return row;
}

/**
 * For each fork entry: the upstream pin it replaced, from the manifest's own history (the newest version
 * where the entry has no third field, within its last 500 commits), and the commits of that pin the
 * fork's pin lacks, judged as set judges a move. A fork that dropped upstream commits when it came in is
 * "behind the upstream pin it replaced"; the detail says so.
 */
async function addReplacedPins(
  rows: StatusRow[],
  manifest: { format: ManifestFormat; entries: Entry[]; pins: Map<string, string> },
  file: string,
  resolver: Resolver,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const current = new Map(manifest.entries.map((entry) => [entry.importPath, entry]));
  const forks = rows.filter((row) => current.get(row.importPath)?.repository);
  const top = forks.length > 0 ? workTreeRoot(path.dirname(file)) : undefined;
  if (!top) return;
  const relative = path.relative(top, file).split(path.sep).join('/');
  const log = await git(top, ['log', '--format=%H', '-n', '500', '--', relative], env);
  const commits = log.ok ? log.stdout.split('\n').filter(Boolean) : [];
  if (commits.length === 0) return;
  const versions = await catFileBatch(
    top,
    commits.map((sha) => `${sha}:${relative}`),
    env,
  );
  const replaced = new Map<string, string>();
  for (const version of versions) {
    if (version?.type !== 'blob') continue;
    const old = new Map(manifest.format.entries(decode(version.content).text).map((e) => [e.importPath, e]));
    for (const row of forks) {
      const entry = old.get(row.importPath);
      if (!replaced.has(row.importPath) && entry && !entry.repository) replaced.set(row.importPath, entry.ref);
    }
    if (replaced.size === forks.length) break;
  }
  const projectPins = manifest.pins;
  const files = await dependencyFiles();
  for (const row of forks) {
    const ref = replaced.get(row.importPath);
    if (!ref) continue;
    row.replaced = { ref };
    try {
      const move = await resolver.assessEntryMove(
        row.importPath,
        { ref },
        current.get(row.importPath)!,
        projectPins,
        files,
      );
      if (!move?.dropped) continue;
      row.replaced.dropped = move.dropped;
      const behind = `behind the upstream pin it replaced (${ref.slice(0, 12)}): lacks ${plural(move.dropped.count, 'commit')} of it, ${droppedSubjects(move.dropped)}`;
      row.detail = row.detail ? `${row.detail}; ${behind}` : behind;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
    }
  }
}
