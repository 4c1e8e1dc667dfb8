import { UserError } from '../errors.js';
import { fullName } from '../resolve/fork-spec.js';
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
    // Upstream as the import path names it: the API path follows a rename itself, and git follows GitHub's redirect.
    const upstream = { ...(await resolver.upstreamAsNamed(prepared.importPath)), gitSuffix: false };
    const toUpstream = (ref: string) => resolver.pin(prepared.importPath, { repository: upstream, ref }, entry);
    if (options.ref !== undefined) return applyPin(options, prepared, await toUpstream(options.ref));
    if (!entry.repository)
      throw new UserError(
        `${prepared.importPath} already points at upstream: give the ref to move to (vendorfork reset ${options.dependency} REF)`,
      );
    const base = await resolver.basedOn(prepared.importPath, entry);
    const pin = await toUpstream(base.mergeBase);
    const note = base.merged
      ? `the fork's commit ${base.forkCommit.slice(0, 12)} is in ${fullName(base.upstream)}'s ${base.defaultBranch}: pinned it there`
      : `pinned the upstream commit the fork was based on: ${base.mergeBase.slice(0, 12)}, where ${fullName(base.fork)} (${plural(base.aheadBy, 'commit')} ahead) left ${fullName(base.upstream)}'s ${base.defaultBranch}`;
    const result = await applyPin(options, prepared, pin, [...base.notes, note]);
    return {
      ...result,
      basedOn: {
        mergeBase: base.mergeBase,
        upstreamBranch: base.defaultBranch,
        forkCommit: base.forkCommit,
        merged: base.merged,
      },
    };
  });
}
