import { UserError } from '../errors.js';
import { withResolver } from '../resolve/with-resolver.js';
import { openEditor, type EditOptions, type EditResult } from './pin-edit.js';

export interface ResetOptions extends EditOptions {
  /** The upstream ref to use; by default where the format puts upstream (see ManifestEditor.resetToUpstream). */
  ref?: string;
}

export interface ResetResult extends EditResult {
  /** How the upstream ref was chosen, when it was not given (vendor.conf). */
  basedOn?: { mergeBase: string; upstreamBranch: string; forkCommit: string; merged: boolean };
}

/**
 * `vendorfork reset`: back to upstream. With a ref, the dependency is pinned to upstream at it (vendor.conf:
 * the third field dropped; a module: replaced by its own path at that version). Without one, vendor.conf
 * goes to the commit the fork was based on, and a module's replace is removed.
 */
export async function reset(options: ResetOptions): Promise<ResetResult> {
  const editor = await openEditor(options);
  const entry = editor.current;
  if (!entry)
    throw new UserError(
      `${editor.importPath} is not in ${displayName(editor.file)}: nothing to reset (use vendorfork set to add it)`,
    );
  return withResolver(options, async (resolver) => {
    if (options.ref === undefined) return editor.resetToUpstream(resolver);
    // Upstream as the import path names it: the API path follows a rename itself, and git follows GitHub's redirect.
    const upstream = { ...(await resolver.upstreamAsNamed(editor.importPath)), gitSuffix: false };
    const spec = { repository: upstream, ref: options.ref };
    return editor.apply(
      await (editor.resolve ? editor.resolve(resolver, spec) : resolver.pin(editor.importPath, spec, entry)),
    );
  });
}

function displayName(file: string): string {
  return file.split(/[\\/]/).pop()!;
}
