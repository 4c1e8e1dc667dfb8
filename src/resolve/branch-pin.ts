import type { ResolvedRef } from './pin.js';

/**
 * A branch named as the ref, resolved to `sha`: pinned at that commit, since branches move, or kept as
 * the branch under --keep-ref; either way with a line saying which. The API and git paths share it.
 */
export function branchPin(
  ref: string,
  sha: string,
  where: string,
  keepRef: boolean | undefined,
): ResolvedRef & { warning: string } {
  if (keepRef)
    return {
      ref,
      sha,
      kind: 'branch',
      warning: `${ref} is a branch of ${where}; kept as a branch (--keep-ref), so every vndr run may vendor something else`,
    };
  return {
    ref: sha,
    sha,
    kind: 'branch',
    warning: `${ref} is a branch of ${where}, and branches move: pinned its current commit ${sha.slice(0, 12)}`,
  };
}
