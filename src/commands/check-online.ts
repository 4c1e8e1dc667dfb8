import type { Diagnostic } from '../conf/diagnostics.js';
import { githubRepositoryOfUrl } from '../conf/import-path.js';
import type { VendorConf } from '../conf/vendor-conf.js';
import type { BatchItem } from '../resolve/batch.js';
import { FULL_SHA, fullName, repoId, type RepoId } from '../resolve/fork-spec.js';
import { upstreamOf } from '../resolve/upstream.js';
import { withResolver } from '../resolve/with-resolver.js';

/**
 * `check --online`: every fork entry's repository exists, its ref names a
 * commit a branch or tag of the fork still holds, and it belongs to the
 * upstream's network. One GraphQL request per 100 entries with a token;
 * REST with conditional requests without one.
 */
export async function onlineDiagnostics(
  conf: VendorConf,
  options: { env: NodeJS.ProcessEnv; githubUrl?: string },
): Promise<Diagnostic[]> {
  return withResolver(options, async (resolver) => {
    const items: (BatchItem & { line: number; refColumn: number; repositoryColumn: number })[] = [];
    for (const entry of conf.entries) {
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
      });
    }
    const answers = await resolver.batch(items, { reach: true });
    const diagnostics: Diagnostic[] = [];
    answers.forEach((answer, i) => {
      const item = items[i]!;
      const fork = fullName(item.repository);
      if (!answer.exists) {
        diagnostics.push({
          severity: 'error',
          code: 'fork-missing',
          message: `${fork} does not exist on ${item.repository.host}, or is private: vndr cannot clone it`,
          line: item.line,
          column: item.repositoryColumn,
        });
        return;
      }
      if (!answer.sha) {
        diagnostics.push({
          severity: 'error',
          code: 'ref-missing',
          message: `${fork} has no commit, tag or branch ${item.ref}: vndr will fail to check it out`,
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
      if (!answer.exists || !answer.sha || !FULL_SHA.test(item.ref)) continue;
      const reach = answer.reach ?? (await resolver.reachable(item.repository, answer.sha));
      if (!reach.reachable) {
        diagnostics.push({
          severity: 'error',
          code: 'ref-unreachable',
          message: `no branch or tag of ${fullName(item.repository)} holds ${item.ref.slice(0, 12)} (a deleted or force-pushed branch?): vndr clones the fork and will fail to check it out`,
          line: item.line,
          column: item.refColumn,
        });
      }
    }
    return diagnostics;
  });
}
