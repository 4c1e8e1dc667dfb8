import { pseudoVersionCommit, pseudoVersionParts } from '../../manifest/pseudo-version.js';

/**
 * How a ref is shown: a SHA longer than 12 hex digits as its first 12; a Go pseudo-version as its commit
 * and date (`a60b458179aa (2022-07-20)`); any other ref as written.
 */
export const shortRef = (ref: string): string => {
  if (/^[0-9a-f]{13,40}$/.test(ref)) return ref.slice(0, 12);
  const commit = pseudoVersionCommit(ref);
  if (!commit) return ref;
  const stamp = pseudoVersionParts(ref)!.timestamp;
  return `${commit} (${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)})`;
};
