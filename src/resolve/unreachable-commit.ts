import { UserError } from '../errors.js';
import { fullName, type RepoId } from './fork-spec.js';

/**
 * A commit no branch or tag of the repository holds: vndr, which clones the repository, cannot check it
 * out. A module project catches it, because go may still fetch the commit (a proxy serves it, or the host
 * gives any commit of the network by id): see formats/gomod/resolve.ts.
 */
export class UnreachableCommit extends UserError {
  constructor(
    readonly repository: RepoId,
    readonly sha: string,
  ) {
    super(
      `${sha.slice(0, 12)} is on no branch or tag of ${fullName(repository)} (a deleted or force-pushed branch?): vndr clones the repository and could not check it out; push a branch or tag that holds it`,
    );
  }
}
