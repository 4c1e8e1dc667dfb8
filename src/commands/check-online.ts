import type { ManifestDiagnostic, ToolWords } from '../manifest/format.js';
import { githubRepositoryOfUrl } from '../manifest/import-path.js';
import type { BatchItem } from '../resolve/batch.js';
import { FULL_SHA, fullName, repoId, repositoryUrl, type RepoId } from '../resolve/fork-spec.js';
import { upstreamOf } from '../resolve/upstream.js';
import { withResolver } from '../resolve/with-resolver.js';
import { GitHubUnavailable } from '../github/errors.js';
import { GitDriftError } from '../resolve/git-drift.js';
import type { Resolver } from '../resolve/resolver.js';
import type { Entry } from '../manifest/entry.js';

/**
 * `check --online`: every fork entry's repository exists, its ref names a
 * commit a branch or tag of the fork still holds, and it belongs to the
 * upstream's network. One GraphQL request per 100 entries with a token;
 * REST with conditional requests without one.
 */
export async function onlineDiagnostics(
  entries: readonly Entry[],
  options: {
    env: NodeJS.ProcessEnv;
    githubUrl?: string;
    /** What fails later, in the words of the tool that will fail: vndr clones the fork; go fetches the module. */
    words: ToolWords;
    /** Gets how the entries were checked, when that is worth a line: through git, GitHub's API silent. */
    notes?: string[];
  },
): Promise<ManifestDiagnostic[]> {
  const { words } = options;
  return withResolver(options, async (resolver) => {
    const items: (BatchItem & { line: number; refColumn: number; repositoryColumn: number; url: string })[] = [];
    for (const entry of entries) {
      const fork = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
      if (!fork || entry.columns.repository === undefined) continue;
      let upstream: RepoId;
      try {
        upstream = await upstreamOf(entry.importPath, { offline: true });
      } catch {
        continue; // A vanity path outside the table: the fork is still checked against itself below.
      }
      items.push({
        importPath: entry.importPath,
        upstream: { ...upstream, host: resolver.webHost },
        repository: repoId(resolver.webHost, fork),
        ref: entry.ref,
        line: entry.line,
        refColumn: entry.columns.ref,
        repositoryColumn: entry.columns.repository,
        url: fetchUrl(entry.repository!, repoId(resolver.webHost, fork)),
      });
    }
    let answers;
    try {
      answers = await resolver.batch(items, { reach: true });
    } catch (error) {
      if (!(error instanceof GitHubUnavailable)) throw error;
      options.notes?.push(`GitHub's API could not answer (${error.summary}): checked through git instead`);
      return throughGit(items, resolver, words);
    }
    const diagnostics: ManifestDiagnostic[] = [];
    answers.forEach((answer, i) => {
      const item = items[i]!;
      const fork = fullName(item.repository);
      if (!answer.exists) {
        diagnostics.push({
          severity: 'error',
          code: 'fork-missing',
          message: `${fork} does not exist on ${item.repository.host}, or is private: ${words.cannotClone}`,
          line: item.line,
          column: item.repositoryColumn,
        });
        return;
      }
      if (!answer.sha) {
        diagnostics.push({
          severity: 'error',
          code: 'ref-missing',
          message: `${fork} has no commit, tag or branch ${item.ref}: ${words.cannotCheckout}`,
          line: item.line,
          column: item.refColumn,
        });
      }
      if (
        answer.source &&
        answer.upstreamSource &&
        answer.source.toLowerCase() !== answer.upstreamSource.toLowerCase()
      ) {
        diagnostics.push({
          severity: 'warning',
          code: 'fork-outside-network',
          message: `${fork} is not a fork of ${answer.upstreamSource} (its network is ${answer.source})`,
          line: item.line,
          column: item.repositoryColumn,
        });
      }
    });
    // Reachability, for pins to a commit: GraphQL answered it in the same query; without a token, REST compares branches.
    for (const [i, answer] of answers.entries()) {
      const item = items[i]!;
      if (!answer.exists || !answer.sha || !isCommitPin(item.ref)) continue;
      const reach = answer.reach ?? (await resolver.reachable(item.repository, answer.sha));
      if (!reach.reachable) diagnostics.push(unreachable(item, words));
    }
    return diagnostics;
  });
}

type Item = BatchItem & { line: number; refColumn: number; repositoryColumn: number; url: string };

/** A commit pin: a full SHA, or a module pseudo-version's 12 digits. */
function isCommitPin(ref: string): boolean {
  return FULL_SHA.test(ref) || /^[0-9a-f]{12}$/.test(ref);
}

function unreachable(item: Item, words: ToolWords): ManifestDiagnostic {
  return {
    severity: 'error',
    code: 'ref-unreachable',
    message: `no branch or tag of ${fullName(item.repository)} holds ${item.ref.slice(0, 12)} (a deleted or force-pushed branch?): ${words.unreachablePin}`,
    line: item.line,
    column: item.refColumn,
  };
}

/**
 * The same checks from git's copy of the network, when GitHub's API cannot answer: the fork can be fetched,
 * its ref names a commit, that commit shares history with upstream, and a branch or tag of the fork holds it.
 */
async function throughGit(items: Item[], resolver: Resolver, words: ToolWords): Promise<ManifestDiagnostic[]> {
  const diagnostics: ManifestDiagnostic[] = [];
  for (const item of items) {
    const fork = fullName(item.repository);
    // A module pin names its commit by a pseudo-version's 12 digits, which git takes as a prefix only.
    const ref = item.ref;
    try {
      const found = await resolver.driftThroughGit(item.importPath, item.url, ref);
      if (isCommitPin(ref) && !found.reach.reachable) diagnostics.push(unreachable(item, words));
    } catch (error) {
      if (!(error instanceof GitDriftError)) throw error;
      const at = error.step === 'no-ref' ? item.refColumn : item.repositoryColumn;
      const message =
        error.step === 'unreachable'
          ? `git cannot fetch ${fork} (${error.message}): ${words.cannotClone}`
          : error.step === 'no-ref'
            ? `${fork} has no commit, tag or branch ${ref}: ${words.cannotCheckout}`
            : `${fork} is not a fork of ${fullName(item.upstream)}: it shares no history with it`;
      diagnostics.push({
        severity: error.step === 'no-history' ? 'warning' : 'error',
        code:
          error.step === 'unreachable'
            ? 'fork-missing'
            : error.step === 'no-ref'
              ? 'ref-missing'
              : 'fork-outside-network',
        message,
        line: item.line,
        column: at,
      });
    }
  }
  return diagnostics;
}

/**
 * The URL git reads a fork from when the API cannot answer. A git:// or ssh URL of a GitHub repository (moby's
 * vendor.conf had git://github.com/tonistiigi/go-immutable-radix.git until 2021) names the same repository as its
 * https form, which is the one GitHub still serves and the one git may use without keys; plain `check` already warns
 * about the URL itself (git-protocol-url). Refusing it here stopped the whole online check on one line.
 */
function fetchUrl(url: string, repository: RepoId): string {
  return /^https?:\/\//i.test(url) ? url : repositoryUrl(repository);
}
