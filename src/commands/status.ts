import { githubRepositoryOfUrl } from '../conf/import-path.js';
import { parse } from '../conf/vendor-conf.js';
import { UserError } from '../errors.js';
import { locateConf, readConfText } from '../fs/conf-file.js';
import { fullName, type RepoId } from '../resolve/fork-spec.js';
import type { Resolver } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { displayPath } from './check.js';

export type Verdict =
  'merged-upstream' | 'fork-ahead' | 'unreachable' | 'missing' | 'upstream' | 'newer-tag' | 'not-github';

export interface StatusRow {
  importPath: string;
  line: number;
  ref: string;
  /** owner/repo of the upstream, when known. */
  upstream?: string;
  /** owner/repo of the fork on GitHub, or the URL as written for other hosts. */
  fork?: string;
  sha?: string;
  defaultBranch?: string;
  /** Fork commits not in upstream's default branch, and upstream commits not in the pin. */
  aheadBy?: number;
  behindBy?: number;
  /** Whether a branch or tag of the fork holds the pinned commit (undefined: not known). */
  reachable?: boolean;
  reachableVia?: string;
  verdict: Verdict;
  /** What to do about it, as a command when there is one. */
  advice?: string;
  newerTag?: string;
  detail?: string;
}

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
}

/**
 * `vendorfork status`: for each entry vendored from a fork, how far it has
 * drifted from upstream's default branch, whether the pinned commit is still
 * on a branch or tag of the fork, and a verdict: merged upstream (reset can
 * drop the fork, at the pinned commit), fork ahead, or unreachable.
 */
export async function status(options: StatusOptions): Promise<StatusResult> {
  const file = locateConf(options.cwd, options.file);
  const conf = parse((await readConfText(file)).text);
  const rows: StatusRow[] = [];
  await withResolver(options, async (resolver) => {
    for (const entry of conf.entries) {
      const base = { importPath: entry.importPath, line: entry.line, ref: entry.ref };
      if (!entry.repository) {
        if (options.all) rows.push(await upstreamRow(resolver, base));
        continue;
      }
      const forkName = githubRepositoryOfUrl(entry.repository);
      if (!forkName) {
        rows.push(await foreignRow(base, entry.repository, options.env));
        continue;
      }
      rows.push(await forkRow(resolver, base, forkName));
    }
  });
  return { file, displayPath: displayPath(options.cwd, file), rows };
}

type Base = Pick<StatusRow, 'importPath' | 'line' | 'ref'>;

async function forkRow(resolver: Resolver, base: Base, forkName: string): Promise<StatusRow> {
  const [owner, repo] = forkName.split('/') as [string, string];
  let upstream: RepoId;
  let fork: RepoId;
  let sha: string;
  try {
    upstream = await resolver.upstream(base.importPath);
    fork = await resolver.canonical({ host: resolver.webHost, owner, repo });
    sha = (await resolver.resolveRef(fork, base.ref)).sha!;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, fork: forkName, verdict: 'missing', detail: error.message };
  }
  const row: StatusRow = { ...base, upstream: fullName(upstream), fork: fullName(fork), sha, verdict: 'fork-ahead' };
  const comparison = await resolver.aheadBehind(upstream, fork, sha);
  const reach = await resolver.reachable(fork, sha);
  row.reachable = reach.reachable;
  if (reach.via) row.reachableVia = reach.via;
  if (comparison) {
    row.aheadBy = comparison.aheadBy;
    row.behindBy = comparison.behindBy;
    row.defaultBranch = comparison.defaultBranch;
  }
  const name = base.importPath.split('/').pop();
  if (!comparison) {
    row.verdict = 'missing';
    row.detail = `${fullName(fork)} shares no history with ${fullName(upstream)}`;
  } else if (comparison.aheadBy === 0) {
    // Checked before reachability: once merged, upstream itself holds the commit.
    row.verdict = 'merged-upstream';
    row.advice = `vendorfork reset ${name} ${sha}`;
    row.detail = `the pinned commit is in ${fullName(upstream)}'s ${comparison.defaultBranch}: the fork can go`;
  } else if (!reach.reachable) {
    row.verdict = 'unreachable';
    row.detail = `no branch or tag of ${fullName(fork)} holds ${sha.slice(0, 12)}: the next vndr run will fail; push a branch that holds it`;
  } else {
    row.detail = `carries ${comparison.aheadBy} commit${comparison.aheadBy === 1 ? '' : 's'} not in ${fullName(upstream)}`;
  }
  return row;
}

async function upstreamRow(resolver: Resolver, base: Base): Promise<StatusRow> {
  let upstream: RepoId;
  try {
    upstream = await resolver.upstream(base.importPath);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, verdict: 'not-github', detail: error.message };
  }
  const row: StatusRow = { ...base, upstream: fullName(upstream), verdict: 'upstream' };
  if (/^[0-9a-f]{7,40}$/.test(base.ref)) return row;
  const newer = await resolver.newerTag(upstream, base.ref);
  if (newer) {
    row.verdict = 'newer-tag';
    row.newerTag = newer;
    row.advice = `vendorfork set ${base.importPath.split('/').pop()} @${newer}`;
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
