import { githubRepositoryOfUrl } from '../conf/import-path.js';
import { UserError } from '../errors.js';
import { fullName, repoId } from '../resolve/fork-spec.js';
import { withResolver } from '../resolve/with-resolver.js';
import { applyPin, prepareEdit, type EditOptions, type EditResult } from './pin-edit.js';
import { plural } from '../text/plural.js';

export interface ResetOptions extends EditOptions {
  /** The upstream ref to use; by default the commit the fork was based on. */
  ref?: string;
}

export interface ResetResult extends EditResult {
  /** How the upstream ref was chosen, when it was not given. */
  basedOn?: { mergeBase: string; upstreamBranch: string; forkCommit: string; merged: boolean };
}

/**
 * `vendorfork reset`: back to upstream (the third field dropped). Without a
 * ref, the upstream commit the fork was based on: the merge base of the
 * pinned fork commit and upstream's default branch, which is the fork commit
 * itself when it was merged upstream.
 */
export async function reset(options: ResetOptions): Promise<ResetResult> {
  const prepared = await prepareEdit(options);
  const entry = prepared.conf.get(prepared.importPath);
  if (!entry)
    throw new UserError(
      `${prepared.importPath} is not in vendor.conf: nothing to reset (use vendorfork set to add it)`,
    );
  return withResolver(options, async (resolver) => {
    const upstream = await resolver.upstream(prepared.importPath);
    if (options.ref !== undefined) {
      const pin = await resolver.pin(
        prepared.importPath,
        { repository: { ...upstream, gitSuffix: false }, ref: options.ref },
        entry,
      );
      return applyPin(options, prepared, pin);
    }
    const forkName = entry.repository ? githubRepositoryOfUrl(entry.repository) : undefined;
    if (!entry.repository)
      throw new UserError(
        `${prepared.importPath} already points at upstream: give the ref to move to (vendorfork reset ${options.dependency} REF)`,
      );
    if (!forkName)
      throw new UserError(
        `${prepared.importPath} is vendored from ${entry.repository}, not a GitHub repository: give the upstream ref to use`,
      );
    if (options.offline)
      throw new UserError('finding the commit the fork was based on needs GitHub: give the ref, or drop --offline');
    const fork = await resolver.canonical(repoId(upstream.host, forkName));
    const forkCommit = (await resolver.resolveRef(fork, entry.ref)).sha!;
    const comparison = await resolver.aheadBehind(upstream, fork, forkCommit);
    if (!comparison)
      throw new UserError(`${fullName(fork)} and ${fullName(upstream)} share no history: give the upstream ref to use`);
    const merged = comparison.status === 'behind' || comparison.status === 'identical';
    const pin = await resolver.pin(
      prepared.importPath,
      { repository: { ...upstream, gitSuffix: false }, ref: comparison.mergeBase },
      entry,
    );
    const note = merged
      ? `the fork's commit ${forkCommit.slice(0, 12)} is in ${fullName(upstream)}'s ${comparison.defaultBranch}: pinned it there`
      : `pinned the upstream commit the fork was based on: ${comparison.mergeBase.slice(0, 12)}, where ${fullName(fork)} (${plural(comparison.aheadBy, 'commit')} ahead) left ${fullName(upstream)}'s ${comparison.defaultBranch}`;
    const result = await applyPin(options, prepared, pin, [note]);
    return {
      ...result,
      basedOn: { mergeBase: comparison.mergeBase, upstreamBranch: comparison.defaultBranch, forkCommit, merged },
    };
  });
}
